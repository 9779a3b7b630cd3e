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

    /// <summary>Metadata: the vocabulary's characters in id order, as plain text.</summary>
    public const string CharactersKey = "li.characters";

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
