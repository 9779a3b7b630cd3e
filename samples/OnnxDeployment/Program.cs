// Generates text with a language model exported by LanguageInterpolation, using only ML.NET and ONNX
// Runtime: the vocabulary (li.characters) and the window size (li.window_size) come from the model's
// metadata, the model runs through ML.NET's ApplyOnnxModel and a PredictionEngine.
//
// Usage: dotnet run --project samples/OnnxDeployment -- <model.onnx> [prompt] [length] [top-k] [seed]
// Top-k 1 (the default) is greedy; a larger k samples among the k most probable characters.
using System.Diagnostics;
using System.Globalization;
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
        history.AddRange(Enumerable.Repeat((long)model.PaddingId, Math.Max(0, model.WindowSize - prompt.Length)));
        history.AddRange(prompt.Select(character => (long)model.IdOf(character)));
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
public sealed record ModelInfo(string Characters, int WindowSize)
{
    /// <summary>The id that stands for characters outside the vocabulary: the unknown symbol U+FFFD when the
    /// vocabulary has one, else the space (as the exporting library does for context windows).</summary>
    public int FallbackId => Characters.IndexOf('\uFFFD', StringComparison.Ordinal) is int unknown and >= 0 ? unknown : Math.Max(Characters.IndexOf(' ', StringComparison.Ordinal), 0);

    /// <summary>The id that pads prompts shorter than the window on the left: the space.</summary>
    public int PaddingId => Characters.IndexOf(' ', StringComparison.Ordinal) is int space and >= 0 ? space : FallbackId;

    /// <summary>The class id of a prompt character.</summary>
    public int IdOf(char character) => Characters.IndexOf(character, StringComparison.Ordinal) is int id and >= 0 ? id : FallbackId;

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
        if (!metadata.TryGetValue("li.characters", out string? characters) || characters.Length < 2)
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
        info = new ModelInfo(characters, windowSize);
        problem = null;
        return true;
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
