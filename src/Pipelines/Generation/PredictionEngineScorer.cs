using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;

namespace LanguageInterpolation.Pipelines.Generation;

/// <summary>
/// Scores windows through one ML.NET <see cref="PredictionEngine{TSrc,TDst}"/> over a fitted pipeline
/// that starts with the character-window featurizer (it reads <c>Context</c> text and writes
/// <c>Score</c>). The engine is built once and reused for every character; it is not thread-safe, so use
/// one scorer per thread. Disposing the scorer leaves the model usable.
/// </summary>
public sealed class PredictionEngineScorer : ICharacterScorer, IDisposable
{
    private readonly PredictionEngine<ContextRow, ScoreRow> _engine;
    private readonly ContextRow _input = new();
    private readonly ScoreRow _output = new();

    /// <summary>Creates the scorer.</summary>
    public PredictionEngineScorer(MLContext mlContext, ITransformer model, CharacterVocabulary vocabulary, int windowSize)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        Vocabulary = vocabulary;
        WindowSize = windowSize;
        // The engine must not own the model: by default disposing an engine disposes its transformer,
        // which would close the ONNX sessions of the caller's model.
        _engine = mlContext.Model.CreatePredictionEngine<ContextRow, ScoreRow>(model,
            new PredictionEngineOptions { IgnoreMissingColumns = true, OwnsTransformer = false });
    }

    /// <inheritdoc />
    public CharacterVocabulary Vocabulary { get; }

    /// <inheritdoc />
    public int WindowSize { get; }

    /// <inheritdoc />
    public void Score(ReadOnlySpan<int> context, Span<float> probabilities)
    {
        _input.Context = Vocabulary.Decode(context.ToArray());
        ScoreRow output = _output;
        _engine.Predict(_input, ref output);
        if (output.Score.Length != probabilities.Length)
        {
            throw new InvalidOperationException(
                $"The model scores {output.Score.Length} classes but the vocabulary has {probabilities.Length}.");
        }
        output.Score.CopyTo(probabilities);
    }

    /// <inheritdoc />
    public void Dispose() => _engine.Dispose();

    /// <summary>The engine's input row.</summary>
    public sealed class ContextRow
    {
        /// <summary>The context text.</summary>
        public string Context { get; set; } = string.Empty;
    }

    /// <summary>The engine's output row.</summary>
    public sealed class ScoreRow
    {
        /// <summary>Class probabilities.</summary>
        public float[] Score { get; set; } = [];
    }
}
