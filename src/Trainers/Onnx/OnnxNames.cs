namespace LanguageInterpolation.Trainers.Onnx;

/// <summary>Input, output and metadata names of exported models: the contract deployment code relies on.</summary>
public static class OnnxNames
{
    /// <summary>Input of vocabulary ids.</summary>
    public const string CharacterIds = "CharacterIds";

    /// <summary>Input of window input values.</summary>
    public const string Features = "Features";

    /// <summary>Output of class probabilities.</summary>
    public const string Score = "Score";

    /// <summary>Output of the most probable class id.</summary>
    public const string PredictedLabel = "PredictedLabel";

    /// <summary>The batch dimension's symbol.</summary>
    public const string Batch = "batch";

    /// <summary>Metadata: the vocabulary JSON (<c>{"Kind":"ascii"}</c> or the corpus characters).</summary>
    public const string VocabularyKey = "li.vocabulary";

    /// <summary>Metadata: the vocabulary's characters in id order, as a JSON string literal in printable ASCII
    /// (<see cref="AsciiJson"/>); files of contract version 1 hold the characters raw.</summary>
    public const string CharactersKey = "li.characters";

    /// <summary>Metadata: the version of the deployment contract the file follows (2; files without it are version 1).</summary>
    public const string ContractVersionKey = "li.contract_version";

    /// <summary>Metadata: how text is transliterated before it becomes ids, a JSON object from a character to
    /// its replacement (empty for vocabularies that map unknown characters to their unknown symbol).</summary>
    public const string TransliterationKey = "li.transliteration";

    /// <summary>Metadata: what the graph does with ids outside [0, V): <c>clamp</c>.</summary>
    public const string OutOfRangeIdsKey = "li.out_of_range_ids";

    /// <summary>Metadata: context characters per window.</summary>
    public const string WindowSizeKey = "li.window_size";

    /// <summary>Metadata: sequence or centered.</summary>
    public const string WindowKindKey = "li.window_kind";

    /// <summary>Metadata: the input form.</summary>
    public const string InputFormKey = "li.input_form";

    /// <summary>Metadata: the network configuration JSON, or "lightgbm".</summary>
    public const string NetworkKey = "li.network";

    /// <summary>Metadata: a JSON summary of how the model was trained.</summary>
    public const string TrainingKey = "li.training";
}
