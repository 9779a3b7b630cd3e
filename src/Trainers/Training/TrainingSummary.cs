using System.Text.Json;

namespace LanguageInterpolation.Trainers.Training;

/// <summary>A short JSON description of a training run, for model metadata and cards.</summary>
public static class TrainingSummary
{
    /// <summary>Epochs, stop reason, best epoch, samples per second, final losses.</summary>
    public static string ToJson(TrainingHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        EpochReport? last = history.Epochs.Count > 0 ? history.Epochs[^1] : null;
        return JsonSerializer.Serialize(new
        {
            epochs = history.Epochs.Count,
            best_epoch = history.BestEpoch,
            stop_reason = history.StopReason.ToString(),
            train_seconds = Math.Round(history.TrainSeconds, 2),
            samples_per_second = Math.Round(history.SamplesPerSecond),
            final_train_loss = last?.TrainLoss,
            final_validation_loss = last?.ValidationLoss,
        });
    }
}
