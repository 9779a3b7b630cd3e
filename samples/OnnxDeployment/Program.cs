// Generates text with a language model exported by LanguageInterpolation, using only ML.NET and ONNX
// Runtime: the vocabulary (li.characters, a JSON string) and the window size (li.window_size) come from the
// model's metadata, the model runs through ML.NET's ApplyOnnxModel and a PredictionEngine. The contract is
// docs/onnx-contract.md.
//
// Usage: dotnet run --project samples/OnnxDeployment -- <model.onnx> [prompt] [length] [top-k] [seed]
// Top-k 1 (the default) is greedy; a larger k samples among the k most probable characters.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;

namespace OnnxDeployment;

/// <summary>The sample's entry point.</summary>
public static class Program
{
    /// <summary>Exit code for a bad command line or model file.</summary>
    public const int UsageError = 2;

    /// <summary>Runs the sample; returns the process exit code.</summary>
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length is < 1 or > 5)
        {
            Console.Error.WriteLine("Usage: OnnxDeployment <model.onnx> [prompt] [length] [top-k] [seed]");
            return UsageError;
        }
        string modelPath = args[0];
        string prompt = args.Length > 1 ? args[1] : "Who are you?";
        if (!TryParseCount(args, 2, 100, out int length) || !TryParseCount(args, 3, 1, out int topK) || !TryParseCount(args, 4, 0, out int seed) || topK < 1)
        {
            Console.Error.WriteLine("length, top-k and seed must be non-negative integers, top-k at least 1.");
            return UsageError;
        }
        if (!File.Exists(modelPath))
        {
            Console.Error.WriteLine($"Model file not found: {modelPath}");
            return UsageError;
        }
        if (!ModelInfo.TryRead(modelPath, out ModelInfo? model, out string? problem))
        {
            Console.Error.WriteLine($"{modelPath}: {problem}");
            return UsageError;
        }

        var mlContext = new MLContext(seed: 0);
        SchemaDefinition input = SchemaDefinition.Create(typeof(WindowRow));
        input[nameof(WindowRow.CharacterIds)].ColumnType = new VectorDataViewType(NumberDataViewType.Int64, model.WindowSize);
        IDataView empty = mlContext.Data.LoadFromEnumerable(Array.Empty<WindowRow>(), input);
        ITransformer scoring = mlContext.Transforms.ApplyOnnxModel(["Score"], ["CharacterIds"], modelPath).Fit(empty);
        using PredictionEngine<WindowRow, ScoreRow> engine = mlContext.Model.CreatePredictionEngine<WindowRow, ScoreRow>(scoring, inputSchemaDefinition: input);

        var clock = Stopwatch.StartNew();
        string text = Generate(engine, model, prompt, length, topK, new Random(seed));
        clock.Stop();
        Console.WriteLine(prompt + text);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{length} characters in {clock.Elapsed.TotalSeconds:F2} s; vocabulary of {model.Characters.Length}, window {model.WindowSize}."));
        return 0;
    }

    /// <summary>Continues <paramref name="prompt"/> one character at a time.</summary>
    public static string Generate(PredictionEngine<WindowRow, ScoreRow> engine, ModelInfo model, string prompt, int length, int topK, Random random)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(random);
        var history = new List<long>();
        List<long> ids = model.Encode(prompt);
        history.AddRange(Enumerable.Repeat((long)model.PaddingId, Math.Max(0, model.WindowSize - ids.Count)));
        history.AddRange(ids);
        var row = new WindowRow { CharacterIds = new long[model.WindowSize] };
        var output = new ScoreRow();
        var generated = new char[length];
        for (int step = 0; step < length; step++)
        {
            history.CopyTo(history.Count - model.WindowSize, row.CharacterIds, 0, model.WindowSize);
            engine.Predict(row, ref output);
            int next = Pick(output.Score, topK, random);
            generated[step] = model.Characters[next];
            history.Add(next);
        }
        return new string(generated);
    }

    /// <summary>The most probable class (the first of equals) for k = 1, else a draw among the k most probable in proportion to their probabilities.</summary>
    public static int Pick(float[] probabilities, int topK, Random random)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(random);
        int[] best = Enumerable.Range(0, probabilities.Length)
            .OrderByDescending(id => probabilities[id]).ThenBy(id => id).Take(topK).ToArray();
        if (best.Length == 1)
        {
            return best[0];
        }
        double draw = random.NextDouble() * best.Sum(id => (double)probabilities[id]);
        foreach (int id in best)
        {
            draw -= probabilities[id];
            if (draw < 0)
            {
                return id;
            }
        }
        return best[^1];
    }

    private static bool TryParseCount(string[] args, int index, int fallback, out int value)
    {
        value = fallback;
        return args.Length <= index || (int.TryParse(args[index], NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 0);
    }
}

/// <summary>What the sample needs from the model's metadata.</summary>
/// <param name="Characters">The vocabulary: class id i is Characters[i] (metadata li.characters).</param>
/// <param name="WindowSize">Context characters per window (metadata li.window_size).</param>
/// <param name="Transliteration">Replacements of characters outside the vocabulary (metadata li.transliteration; empty in files of contract version 1).</param>
public sealed record ModelInfo(string Characters, int WindowSize, IReadOnlyDictionary<char, string> Transliteration)
{
    /// <summary>The unknown symbol U+FFFD's id, which corpus vocabularies end with; -1 for the ASCII vocabulary.</summary>
    public int UnknownId => Characters.IndexOf('\uFFFD', StringComparison.Ordinal);

    /// <summary>The id that pads prompts shorter than the window on the left: the space (the unknown symbol without one).</summary>
    public int PaddingId => Characters.IndexOf(' ', StringComparison.Ordinal) is int space and >= 0 ? space : Math.Max(UnknownId, 0);

    /// <summary>
    /// Text as ids, as the contract says: CRLF and lone CR become LF; a vocabulary character is its id; another
    /// character is replaced by its transliteration (possibly several characters, or none), else becomes the
    /// unknown symbol, or is dropped when the vocabulary has none.
    /// </summary>
    public List<long> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<long>(text.Length);
        foreach (char character in text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'))
        {
            if (Characters.IndexOf(character, StringComparison.Ordinal) is int id and >= 0)
            {
                ids.Add(id);
            }
            else if (Transliteration.TryGetValue(character, out string? replacement))
            {
                ids.AddRange(replacement.Select(ascii => (long)Characters.IndexOf(ascii, StringComparison.Ordinal)));
            }
            else if (UnknownId >= 0)
            {
                ids.Add(UnknownId);
            }
        }
        return ids;
    }

    /// <summary>Reads the metadata through ONNX Runtime.</summary>
    public static bool TryRead(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ModelInfo? info, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem)
    {
        info = null;
        Dictionary<string, string> metadata;
        try
        {
            using var session = new InferenceSession(path);
            metadata = session.ModelMetadata.CustomMetadataMap;
        }
        catch (OnnxRuntimeException error)
        {
            problem = $"not an ONNX model ({error.Message})";
            return false;
        }
        if (!TryReadCharacters(metadata, out string? characters))
        {
            problem = "metadata 'li.characters' is missing: not a language model exported by LanguageInterpolation";
            return false;
        }
        if (!metadata.TryGetValue("li.window_size", out string? window)
            || !int.TryParse(window, NumberStyles.None, CultureInfo.InvariantCulture, out int windowSize) || windowSize < 1)
        {
            problem = "metadata 'li.window_size' is missing or not a positive integer";
            return false;
        }
        var transliteration = new Dictionary<char, string>();
        try
        {
            string table = metadata.GetValueOrDefault("li.transliteration", "{}");
            foreach (var (character, replacement) in JsonSerializer.Deserialize<Dictionary<string, string>>(table) ?? [])
            {
                transliteration[character.Single()] = replacement;
            }
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException)
        {
            problem = $"metadata 'li.transliteration' is not a JSON object of one character to its replacement ({error.Message})";
            return false;
        }
        info = new ModelInfo(characters, windowSize, transliteration);
        problem = null;
        return true;
    }

    /// <summary>
    /// The vocabulary from the metadata. li.characters is a JSON string (contract version 2, ASCII with
    /// \u escapes, so NUL survives the C API's NUL-terminated strings). Files of version 1 hold the characters
    /// raw: ONNX Runtime returns the ASCII vocabulary's value (which begins with NUL) empty, so it is rebuilt
    /// from li.vocabulary's kind; a corpus vocabulary's raw value arrives whole.
    /// </summary>
    public static bool TryReadCharacters(IReadOnlyDictionary<string, string> metadata, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? characters)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        characters = null;
        if (!metadata.TryGetValue("li.characters", out string? value))
        {
            return false;
        }
        if (value.StartsWith('"'))
        {
            try
            {
                characters = JsonSerializer.Deserialize<string>(value);
            }
            catch (JsonException)
            {
                characters = null;
            }
        }
        else if (metadata.TryGetValue("li.vocabulary", out string? vocabulary) && IsAsciiKind(vocabulary))
        {
            characters = new string(Enumerable.Range(0, 128).Select(code => (char)code).ToArray());
        }
        else
        {
            characters = value;
        }
        return characters is { Length: >= 2 };
    }

    private static bool IsAsciiKind(string vocabulary)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(vocabulary);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("Kind", out JsonElement kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == "ascii";
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

/// <summary>The engine's input: one window of class ids.</summary>
public sealed class WindowRow
{
    /// <summary>Class ids, oldest first.</summary>
    public long[] CharacterIds { get; set; } = [];
}

/// <summary>The engine's output.</summary>
public sealed class ScoreRow
{
    /// <summary>Next-character probabilities, by class id.</summary>
    public float[] Score { get; set; } = [];
}
