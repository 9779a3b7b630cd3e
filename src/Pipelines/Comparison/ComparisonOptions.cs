using LanguageInterpolation.Pipelines.Composition;
using LanguageInterpolation.Pipelines.Generation;

namespace LanguageInterpolation.Pipelines.Comparison;

/// <summary>How a comparison runs: the shared budget and settings, the sample, the inference measurement and
/// where the report goes.</summary>
public sealed record ComparisonOptions
{
    /// <summary>Settings every entry trains with: the budget (<see cref="TrainerSettings.TimeBudget"/> or
    /// <see cref="TrainerSettings.MaxEpochs"/> for the networks, <see cref="TrainerSettings.Iterations"/> for
    /// LightGBM), seed and threads. Validation rows default to the data's validation split.
    /// <value>the trainers' and presets' defaults, seed 0</value></summary>
    public TrainerSettings Settings { get; init; } = new();

    /// <summary>The sample every sequence model generates (fixed prompt and seed).
    /// <value>greedy, 100 characters after "Who are you?"</value></summary>
    public GenerationOptions Generation { get; init; } = new();

    /// <summary>Held-out rows scored to measure inference throughput (the test rows, or the validation rows
    /// when there is no test split). <value>20,000</value></summary>
    public int InferenceRows { get; init; } = ComparisonDefaults.InferenceRows;

    /// <summary>Training windows evaluated for the train accuracy and bits per character (the first ones);
    /// null evaluates them all, which on a large corpus costs minutes per trainer (ML.NET scores row by row).
    /// Held-out splits are always evaluated in full. <value>100,000</value></summary>
    public long? TrainEvaluationRows { get; init; } = ComparisonDefaults.TrainEvaluationRows;

    /// <summary>What times inference. <value>a <see cref="TransformInferenceMeter"/></value></summary>
    public IInferenceMeter InferenceMeter { get; init; } = new TransformInferenceMeter();

    /// <summary>Folder for the markdown and CSV tables and the PNG charts; null writes no files. <value>null</value></summary>
    public string? OutputDirectory { get; init; }

    /// <summary>A reference line drawn on the learning curves (e.g. nanoGPT's 2.71 bits per character); null
    /// draws none. <value>null</value></summary>
    public double? ReferenceBitsPerCharacter { get; init; }

    /// <summary>The legend of <see cref="ReferenceBitsPerCharacter"/>. <value>"reference"</value></summary>
    public string ReferenceLabel { get; init; } = "reference";

    /// <summary>Receives one line per step (training, evaluation, files).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Throws one <see cref="ArgumentException"/> naming every invalid option.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (Settings is null)
        {
            problems.Add($"{nameof(Settings)} must be set");
        }
        if (InferenceRows < 1)
        {
            problems.Add($"{nameof(InferenceRows)} must be at least 1 (got {InferenceRows})");
        }
        if (TrainEvaluationRows is < 1)
        {
            problems.Add($"{nameof(TrainEvaluationRows)} must be at least 1 (got {TrainEvaluationRows})");
        }
        if (InferenceMeter is null)
        {
            problems.Add($"{nameof(InferenceMeter)} must be set");
        }
        if (ReferenceBitsPerCharacter is double reference && !(reference > 0 && double.IsFinite(reference)))
        {
            problems.Add($"{nameof(ReferenceBitsPerCharacter)} must be positive (got {reference})");
        }
        if (Generation is null)
        {
            problems.Add($"{nameof(Generation)} must be set");
        }
        else
        {
            try
            {
                Generation.Validate();
            }
            catch (ArgumentException error)
            {
                problems.Add($"{nameof(Generation)}: {error.Message}");
            }
        }
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid comparison options: " + string.Join("; ", problems) + ".");
        }
    }
}
