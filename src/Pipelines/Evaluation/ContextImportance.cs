using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace LanguageInterpolation.Pipelines.Evaluation;

/// <summary>
/// Permutation importance of context positions for any fitted next-character pipeline (LightGBM or a network,
/// loaded from a zip or just trained): for each position, the character at that position is shuffled across
/// the rows (seeded), the rows are scored again, and the increase of bits per character is the position's
/// importance. The same method as ML.NET's permutation feature importance, applied to the pipeline's
/// <c>Context</c> text so that it works on every saved model (ML.NET's own needs the predictor's Single
/// feature column, which a loaded network chain does not expose).
/// </summary>
public static class ContextImportance
{
    /// <summary>Measures every position of <paramref name="windows"/> (the first <paramref name="maxRows"/> rows).</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="model">A fitted pipeline that reads <c>Context</c> and writes <c>Score</c> and <c>PredictedLabel</c>.</param>
    /// <param name="windows">The rows to measure on (use held-out windows).</param>
    /// <param name="permutations">Shuffles per position (at least 1).</param>
    /// <param name="seed">Seed of the shuffles.</param>
    /// <param name="maxRows">Rows to use, from the start; null uses all.</param>
    /// <param name="progress">Receives one line per position.</param>
    /// <param name="cancellation">Stops between evaluations.</param>
    public static ContextImportanceResult Measure(MLContext mlContext, ITransformer model, CharacterWindows windows, int permutations = 3, int seed = 0,
        long? maxRows = null, IProgress<string>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentOutOfRangeException.ThrowIfLessThan(permutations, 1);
        int rows = (int)Math.Min(windows.Count, maxRows ?? windows.Count);
        if (rows < 2)
        {
            throw new ArgumentException($"Permutation importance needs at least 2 windows; the text gives {windows.Count}.", nameof(windows));
        }
        int size = windows.WindowSize;
        var contexts = new int[rows][];
        var labels = new int[rows];
        for (int row = 0; row < rows; row++)
        {
            contexts[row] = new int[size];
            labels[row] = windows.GetWindow(row, contexts[row]);
        }
        LanguageModelMetrics baseline = Evaluate(mlContext, model, windows, contexts, labels);
        var positions = new List<PositionImportance>(size);
        for (int position = 0; position < size; position++)
        {
            var bits = new double[permutations];
            var accuracy = new double[permutations];
            for (int k = 0; k < permutations; k++)
            {
                cancellation.ThrowIfCancellationRequested();
                int[][] permuted = Permute(contexts, position, new Random(unchecked(seed * 1_000_003 + position * 7_919 + k * 104_729)));
                LanguageModelMetrics metrics = Evaluate(mlContext, model, windows, permuted, labels);
                bits[k] = metrics.BitsPerCharacter - baseline.BitsPerCharacter;
                accuracy[k] = baseline.Accuracy - metrics.Accuracy;
            }
            double mean = bits.Average();
            double deviation = permutations > 1 ? Math.Sqrt(bits.Sum(value => (value - mean) * (value - mean)) / (permutations - 1)) : 0;
            var importance = new PositionImportance(position - size, mean, deviation, accuracy.Average());
            positions.Add(importance);
            progress?.Report($"position {importance.Offset}: +{importance.BitsIncrease:F3} bits/char");
        }
        return new ContextImportanceResult(baseline, positions, permutations);
    }

    // Column `position` of every row takes the value of a random other row (a permutation of the rows).
    private static int[][] Permute(int[][] contexts, int position, Random random)
    {
        int[] order = [.. Enumerable.Range(0, contexts.Length)];
        random.Shuffle(order);
        var permuted = new int[contexts.Length][];
        for (int row = 0; row < contexts.Length; row++)
        {
            permuted[row] = (int[])contexts[row].Clone();
            permuted[row][position] = contexts[order[row]][position];
        }
        return permuted;
    }

    private static LanguageModelMetrics Evaluate(MLContext mlContext, ITransformer model, CharacterWindows windows, int[][] contexts, int[] labels)
    {
        var schema = SchemaDefinition.Create(typeof(TextRow));
        schema[nameof(TextRow.Label)].ColumnType = new KeyDataViewType(typeof(uint), windows.Vocabulary.Count);
        IEnumerable<TextRow> rows = contexts.Select((context, row) => new TextRow { Context = windows.Vocabulary.Decode(context), Label = (uint)labels[row] });
        return LanguageModelEvaluator.Evaluate(mlContext, model, mlContext.Data.LoadFromEnumerable(rows, schema));
    }

    private sealed class TextRow
    {
        public string Context { get; set; } = string.Empty;

        // A key read through a class is the class id counted from 0 (ML.NET adds the 1 of its raw key value).
        public uint Label { get; set; }
    }
}
