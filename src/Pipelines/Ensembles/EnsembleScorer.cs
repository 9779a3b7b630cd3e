using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Transforms.Vocabulary;
using Microsoft.ML;

namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>
/// Scores windows with the ensemble's static mixture over its union vocabulary, for text generation
/// (<see cref="TextGenerator"/>): every member reads the last N_m characters of the window through its own
/// <see cref="PredictionEngineScorer"/>, its distribution is projected onto the union and weighted.
/// The window is the longest member window. Not thread-safe.
/// </summary>
public sealed class EnsembleScorer : ICharacterScorer, IDisposable
{
    private readonly LoadedEnsemble _ensemble;
    private readonly PredictionEngineScorer[] _members;
    private readonly float[][] _memberProbabilities;
    private readonly double[] _weights;
    private readonly double[] _projected;

    /// <summary>Creates the scorer.</summary>
    public EnsembleScorer(MLContext mlContext, LoadedEnsemble ensemble)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        _ensemble = ensemble;
        _weights = [.. ensemble.FittedMixing.StaticWeights];
        _members = ensemble.Members.Select(member => new PredictionEngineScorer(
            mlContext, member.Model.Model, member.Model.Card.VocabularyObject, member.Model.Card.WindowSize)).ToArray();
        _memberProbabilities = ensemble.Members.Select(member => new float[member.Model.Card.VocabularyObject.Count]).ToArray();
        _projected = new double[ensemble.Vocabulary.Count];
    }

    /// <inheritdoc />
    public CharacterVocabulary Vocabulary => _ensemble.Vocabulary;

    /// <inheritdoc />
    public int WindowSize => _ensemble.WindowSize;

    /// <inheritdoc />
    public void Score(ReadOnlySpan<int> context, Span<float> probabilities)
    {
        probabilities.Clear();
        for (int m = 0; m < _members.Length; m++)
        {
            CharacterVocabulary own = _members[m].Vocabulary;
            var window = new int[_members[m].WindowSize];
            ReadOnlySpan<int> tail = context[^window.Length..];
            for (int i = 0; i < window.Length; i++)
            {
                window[i] = own.IdOfContextCharacter(Vocabulary.Characters[tail[i]]);
            }
            _members[m].Score(window, _memberProbabilities[m]);
            _ensemble.Projections[m].Project(_memberProbabilities[m], _projected);
            for (int c = 0; c < probabilities.Length; c++)
            {
                probabilities[c] += (float)(_weights[m] * _projected[c]);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (PredictionEngineScorer member in _members)
        {
            member.Dispose();
        }
    }
}
