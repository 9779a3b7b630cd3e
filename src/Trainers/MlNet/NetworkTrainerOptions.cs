using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Training;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;

namespace LanguageInterpolation.Trainers.MlNet;

/// <summary>
/// What every network trainer takes: the columns, how to train (<see cref="Training"/>), optional
/// validation rows (for the plateau schedule and early stopping), progress and cancellation. Each
/// trainer's nested <c>Options</c> adds its network configuration.
/// </summary>
public abstract class NetworkTrainerOptions
{
    /// <summary>The key-typed label column. <value>Label</value></summary>
    public string LabelColumnName { get; set; } = CharacterWindowColumns.Label;

    /// <summary>The known-size int64 vector of the window's character ids (what the featurizer writes as
    /// <c>CharacterIds</c>): the column a network reads. <value>CharacterIds</value></summary>
    public string FeatureColumnName { get; set; } = CharacterWindowColumns.CharacterIds;

    /// <summary>Optimiser, schedule, epochs, batch size, early stopping, device, checkpoints.</summary>
    public TrainingOptions Training { get; set; } = new();

    /// <summary>Validation rows with the same feature and label columns; null trains without validation
    /// (no early stopping, and the plateau schedule keeps its rate).</summary>
    public IDataView? ValidationData { get; set; }

    /// <summary>Receives a report after every epoch (in addition to <c>MLContext.Log</c>).</summary>
    public IProgress<EpochReport>? Progress { get; set; }

    /// <summary>Stops training cleanly (after writing the checkpoint, if any) and makes <c>Fit</c> throw
    /// <see cref="OperationCanceledException"/>.</summary>
    public CancellationToken Cancellation { get; set; }

    /// <summary>A trained network to continue from (fine-tuning, or training after refinement) instead of fresh
    /// weights; it is copied, not changed. Its configuration must be the trainer's architecture with the data's
    /// window and vocabulary sizes, and the labels must use the vocabulary it was trained with. <value>null</value></summary>
    public LanguageNetwork? InitialNetwork { get; set; }

    /// <summary>The architecture to train (its input and output widths are taken from the data).</summary>
    internal abstract NetworkConfig Architecture { get; }
}
