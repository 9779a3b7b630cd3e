namespace LanguageInterpolation.Transforms.Windowing;

/// <summary>The three splits as ML.NET data views; corruption reaches the training rows only.</summary>
public sealed partial class WindowedCorpus
{
    /// <summary>Training rows, with <see cref="CharacterWindowOptions.CorruptionFraction"/> of each
    /// context replaced at random (seeded by <see cref="CharacterWindowOptions.Seed"/>).</summary>
    public CharacterWindowDataView TrainDataView() => new(Train, Options.CorruptionFraction, Options.Seed);

    /// <summary>Validation rows, never corrupted.</summary>
    public CharacterWindowDataView ValidationDataView() => new(Validation);

    /// <summary>Test rows, never corrupted.</summary>
    public CharacterWindowDataView TestDataView() => new(Test);
}
