namespace LanguageInterpolation.Pipelines.Search;

/// <summary>One unit of search work: train trial <paramref name="Trial"/> up to rung <paramref name="Rung"/>
/// (from its checkpoint at the rung below, or from scratch at rung 0).</summary>
/// <param name="Trial">The trial (configuration) number, from 1.</param>
/// <param name="Rung">The rung, from 0.</param>
public sealed record SearchJob(int Trial, int Rung);
