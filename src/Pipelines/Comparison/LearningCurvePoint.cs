namespace LanguageInterpolation.Pipelines.Comparison;

/// <summary>One point of a learning curve: held-out (validation) bits per character after a number of
/// training seconds.</summary>
/// <param name="TrainSeconds">Training seconds so far (neural trainers: the training loop's own clock,
/// validation excluded; other pipelines: the whole fit).</param>
/// <param name="BitsPerCharacter">Validation bits per character at that time.</param>
/// <param name="Epoch">The epoch that ended there, for epoch-based trainers.</param>
public sealed record LearningCurvePoint(double TrainSeconds, double BitsPerCharacter, int? Epoch);
