using System.Globalization;
using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;

namespace LanguageInterpolation.Pipelines.Comparison;

/// <summary>
/// Trains several pipelines on the same windows and split, one after the other and under the same budget,
/// and measures each the same way: parameters, training time, samples per second, peak memory, train and
/// held-out accuracy, top-5 accuracy and bits per character, inference rows per second, a learning curve
/// and a sample from a fixed prompt and seed. With an output folder it also writes the markdown and CSV
/// tables and the PNG charts (<see cref="ComparisonReport"/>, <see cref="ComparisonCharts"/>).
/// </summary>
/// <remarks>
/// Reproducible: with epoch and iteration budgets (not time budgets), a fixed seed and a fixed thread count,
/// two runs give the same table apart from the times. A time budget makes the amount of training depend on
/// the machine's speed and load.
/// </remarks>
public static class TrainerComparison
{
    /// <summary>Runs the comparison.</summary>
    /// <exception cref="ArgumentException">No entries, duplicate names, or invalid options.</exception>
    public static ComparisonResult Run(MLContext mlContext, CharacterWindowData data, IEnumerable<ComparisonEntry> entries, ComparisonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(entries);
        options ??= new ComparisonOptions();
        options.Validate();
        List<ComparisonEntry> list = [.. entries];
        CheckEntries(list);
        TrainerSettings shared = options.Settings with { Validation = options.Settings.Validation ?? data.Validation };
        var rows = new List<ComparisonRow>(list.Count);
        for (int i = 0; i < list.Count; i++)
        {
            ComparisonEntry entry = list[i];
            TrainerSettings settings = entry.ConfigureSettings?.Invoke(shared) ?? shared;
            options.Log?.Invoke($"[{i + 1}/{list.Count}] {entry.Name}");
            rows.Add(RunEntry(mlContext, data, entry, settings, options));
        }
        var result = new ComparisonResult
        {
            Rows = rows,
            Windows = data.Windows.Options,
            TrainingRows = data.Windows.Train.Count,
            ValidationRows = data.Windows.Validation.Count,
            TestRows = data.Windows.Test.Count,
            Settings = shared,
        };
        if (options.OutputDirectory is string folder)
        {
            result = result with { Files = ComparisonReport.Write(result, folder, options) };
            options.Log?.Invoke($"Wrote {result.Files!.Markdown}, {result.Files.Csv}, {result.Files.LearningCurves} and {result.Files.FinalFigures}.");
        }
        return result;
    }

    /// <summary>The split reported as held out: test, else validation, else train.</summary>
    public static string HeldOutSplit(CharacterWindowData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        string[] splits = [.. TrainingRun.Splits(data).Select(split => split.Name)];
        return splits.Contains("test") ? "test" : splits.Contains("validation") ? "validation" : "train";
    }

    private static ComparisonRow RunEntry(MLContext mlContext, CharacterWindowData data, ComparisonEntry entry, TrainerSettings settings, ComparisonOptions options)
    {
        IEstimator<ITransformer> pipeline = entry.CreatePipeline(mlContext, data, settings)
            ?? throw new InvalidOperationException($"The pipeline factory of '{entry.Name}' returned null.");
        ReleaseMemory();
        TrainingRunResult run = TrainingRun.Run(mlContext, entry.Name, pipeline, data, settings, options.Log, options.TrainEvaluationRows);
        string heldOut = HeldOutSplit(data);
        IDataView inferenceRows = mlContext.Data.TakeRows(HeldOutView(data, heldOut), options.InferenceRows);
        InferenceMeasurement inference = options.InferenceMeter.Measure(mlContext, run.Model, inferenceRows);
        options.Log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"Scored {inference.Rows:N0} {heldOut} rows at {inference.RowsPerSecond:F0} rows/s ({inference.Meter})."));
        return new ComparisonRow
        {
            Name = entry.Name,
            Run = run,
            HeldOutSplit = heldOut,
            Inference = inference,
            Sample = Sample(mlContext, run, data, options),
            LearningCurve = LearningCurve(run),
        };
    }

    /// <summary>
    /// Gives back what earlier entries left behind before the next fit is measured: collects garbage (and so
    /// finalizes undisposed tensors) and, on glibc, returns freed heap pages to the system, so that the next
    /// entry's peak resident memory starts from what is really still in use.
    /// </summary>
    private static void ReleaseMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        if (OperatingSystem.IsLinux())
        {
            try
            {
                _ = MallocTrim(0);
            }
            catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
            {
                // Not glibc (e.g. musl): the peak then includes freed pages the allocator kept.
            }
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

    private static void CheckEntries(List<ComparisonEntry> entries)
    {
        if (entries.Count == 0)
        {
            throw new ArgumentException("A comparison needs at least one entry.", nameof(entries));
        }
        if (entries.Any(entry => entry is null || string.IsNullOrWhiteSpace(entry.Name) || entry.CreatePipeline is null))
        {
            throw new ArgumentException("Every comparison entry needs a name and a pipeline factory.", nameof(entries));
        }
        string[] duplicates = [.. entries.GroupBy(entry => entry.Name, StringComparer.OrdinalIgnoreCase).Where(group => group.Count() > 1).Select(group => group.Key)];
        if (duplicates.Length > 0)
        {
            throw new ArgumentException($"Comparison entry names must be unique; repeated: {string.Join(", ", duplicates)}.", nameof(entries));
        }
    }

    private static IDataView HeldOutView(CharacterWindowData data, string split) => split switch
    {
        "test" => data.Test,
        "validation" => data.Validation,
        _ => data.Train,
    };

    /// <summary>Per-epoch validation bits per character for networks; one point at the end of the fit otherwise.</summary>
    private static List<LearningCurvePoint> LearningCurve(TrainingRunResult run)
    {
        if (run.History is { Epochs.Count: > 0 } history)
        {
            return [.. history.Epochs
                .Where(epoch => epoch.ValidationBitsPerCharacter is double bits && double.IsFinite(bits))
                .Select(epoch => new LearningCurvePoint(epoch.CumulativeTrainSeconds, epoch.ValidationBitsPerCharacter!.Value, epoch.Epoch))];
        }
        string split = run.Metrics.ContainsKey("validation") ? "validation" : "train";
        double end = run.Metrics[split].BitsPerCharacter;
        return double.IsFinite(end) ? [new LearningCurvePoint(run.TrainingTime.TotalSeconds, end, null)] : [];
    }

    private static string? Sample(MLContext mlContext, TrainingRunResult run, CharacterWindowData data, ComparisonOptions options)
    {
        if (data.Windows.Options.Kind != WindowKind.Sequence)
        {
            return null;
        }
        try
        {
            using var scorer = new PredictionEngineScorer(mlContext, run.Model, data.Vocabulary, data.WindowSize);
            return new TextGenerator(scorer).Generate(options.Generation);
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException)
        {
            options.Log?.Invoke($"No sample from {run.Trainer}: {error.Message}");
            return null;
        }
    }
}
