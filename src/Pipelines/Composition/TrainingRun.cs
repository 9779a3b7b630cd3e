using System.Diagnostics;
using System.Globalization;
using LanguageInterpolation.Pipelines.Diagnostics;
using LanguageInterpolation.Pipelines.Evaluation;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Trainers.MlNet;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Training;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;

namespace LanguageInterpolation.Pipelines.Composition;

/// <summary>
/// One complete training run: fit a named trainer's pipeline on the training windows, measure time and
/// peak memory, evaluate on every split, and describe the model in a card. The CLI's <c>train</c> and the
/// comparison both run through here.
/// </summary>
public static class TrainingRun
{
    /// <summary>Runs a trainer.</summary>
    public static TrainingRunResult Run(MLContext mlContext, string trainer, CharacterWindowData data, TrainerSettings settings, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        IEstimator<ITransformer> pipeline = TrainerRegistry.CreatePipeline(mlContext, trainer, data, settings with { Validation = settings.Validation ?? data.Validation, Log = settings.Log ?? log });
        return Run(mlContext, trainer, pipeline, data, settings, log);
    }

    /// <summary>Runs any complete pipeline (one that reads the window columns and writes <c>Score</c> and
    /// <c>PredictedLabel</c>) under the name <paramref name="trainer"/>. <paramref name="trainEvaluationRows"/>
    /// limits the training-split evaluation to the first rows (null: all); held-out splits are always
    /// evaluated in full.</summary>
    public static TrainingRunResult Run(MLContext mlContext, string trainer, IEstimator<ITransformer> pipeline, CharacterWindowData data, TrainerSettings settings,
        Action<string>? log = null, long? trainEvaluationRows = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        // A resumed run counts the training its checkpoint had done too (read now: training overwrites it).
        TimeSpan before = settings.ResumeFrom is string checkpoint && File.Exists(checkpoint)
            ? TimeSpan.FromSeconds(TrainingCheckpoint.ReadTrainSeconds(checkpoint))
            : TimeSpan.Zero;
        PeakMemory.Reset();
        var clock = Stopwatch.StartNew();
        ITransformer model = pipeline.Fit(data.Train);
        clock.Stop();
        long peak = PeakMemory.PeakBytes();
        TimeSpan trainingTime = before + clock.Elapsed;
        string resumed = before > TimeSpan.Zero ? $" ({before.TotalSeconds:F1} s before resuming, {clock.Elapsed.TotalSeconds:F1} s in this run)" : string.Empty;
        log?.Invoke($"Trained {trainer} in {trainingTime.TotalSeconds:F1} s{resumed}, peak memory {peak / (1024.0 * 1024.0):F0} MiB.");
        var metrics = new Dictionary<string, LanguageModelMetrics>(StringComparer.Ordinal);
        foreach (var (split, view) in Splits(data))
        {
            IDataView rows = split == "train" && trainEvaluationRows is long limit ? mlContext.Data.TakeRows(view, limit) : view;
            metrics[split] = LanguageModelEvaluator.Evaluate(mlContext, model, rows);
            log?.Invoke($"Evaluated {split}: accuracy {metrics[split].Accuracy:F4}, {metrics[split].BitsPerCharacter:F3} bits per character.");
        }
        var card = new ModelCard
        {
            Vocabulary = data.Vocabulary.Serialize(),
            WindowSize = data.WindowSize,
            WindowKind = data.Windows.Options.Kind,
            Trainer = trainer,
            Training = new Dictionary<string, string>
            {
                ["training_rows"] = data.Windows.Train.Count.ToString(CultureInfo.InvariantCulture),
                ["training_seconds"] = trainingTime.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture),
                ["split"] = data.Windows.Options.Split.ToString(),
                ["seed"] = settings.Seed.ToString(CultureInfo.InvariantCulture),
            },
        };
        NetworkModel? network = FindNetworkModel(model);
        if (network is not null)
        {
            card = card with { Network = NetworkJson.Serialize(network.Config) };
            card.Training["epochs"] = network.History.Epochs.Count.ToString(CultureInfo.InvariantCulture);
            card.Training["stop_reason"] = network.History.StopReason.ToString();
            card.Training["samples_per_second"] = network.History.SamplesPerSecond.ToString("F0", CultureInfo.InvariantCulture);
        }
        return new TrainingRunResult
        {
            Trainer = trainer,
            Model = model,
            InputSchema = data.Train.Schema,
            Card = card,
            TrainingTime = trainingTime,
            PeakMemoryBytes = peak,
            TrainingRows = data.Windows.Train.Count,
            Metrics = metrics,
            Parameters = network?.ParameterCount,
            SamplesPerSecond = network?.History.SamplesPerSecond,
            History = network?.History,
        };
    }

    /// <summary>The network model inside a fitted pipeline, if there is one.</summary>
    public static NetworkModel? FindNetworkModel(ITransformer model) => model switch
    {
        NetworkModel network => network,
        IEnumerable<ITransformer> chain => chain.Select(FindNetworkModel).LastOrDefault(found => found is not null),
        _ => null,
    };

    /// <summary>The distinct evaluation splits: train, plus validation and test under the held-out split.</summary>
    public static IEnumerable<(string Name, IDataView View)> Splits(CharacterWindowData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        // Uncorrupted, and every k-th window as for the held-out splits (the training figures of a transformer would
        // otherwise cost a pass over the window for every training character).
        yield return ("train", new CharacterWindowDataView(data.Windows.Train.WithStride(data.Windows.Options.EvaluationStride)));
        if (data.Windows.Options.Split == SplitKind.HeldOut)
        {
            if (data.Windows.Validation.Count > 0)
            {
                yield return ("validation", data.Validation);
            }
            if (data.Windows.Test.Count > 0)
            {
                yield return ("test", data.Test);
            }
        }
    }
}
