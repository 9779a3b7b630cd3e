using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Training;

namespace LanguageInterpolation.Trainers.Presets;

/// <summary>A named network with the training settings it was tuned for (files under <c>models/presets</c>).</summary>
public sealed record NetworkPreset
{
    /// <summary>The preset's name (the original's config name where it has one).</summary>
    public required string Name { get; init; }

    /// <summary>What the preset is and where it comes from.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>The architecture (widths from the data).</summary>
    public required NetworkConfig Network { get; init; }

    /// <summary>How to train it.</summary>
    public TrainingOptions Training { get; init; } = new();
}
