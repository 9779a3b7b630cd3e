using LanguageInterpolation.Pipelines.Generation;
using LanguageInterpolation.Transforms.Vocabulary;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace LanguageInterpolation.Pipelines.OnnxInference;

/// <summary>
/// Scores windows through ML.NET <see cref="PredictionEngine{TSrc,TDst}"/>s over an exported model's
/// ML.NET scoring (<c>ApplyOnnxModel</c> on <c>CharacterIds</c>). A prediction engine is not thread-safe, so
/// each call borrows one from a pool (with its own input and output rows) and gives it back: the pool
/// as a whole is safe to use from many threads. Engines are created on demand and kept up to twice the
/// processor count; the ones beyond are disposed, which never touches the shared transformer (the
/// engines do not own it).
/// </summary>
public sealed class OnnxPredictionEnginePool : ICharacterScorer, IDisposable
{
    private readonly ObjectPool<Lease> _pool;

    internal OnnxPredictionEnginePool(MLContext mlContext, ITransformer scoring, CharacterVocabulary vocabulary, int windowSize)
    {
        Vocabulary = vocabulary;
        WindowSize = windowSize;
        // Engines share the transformer and must not own it: by default an engine disposes its transformer
        // when it is disposed (as the pool does with engines beyond those it keeps), which would close the
        // ONNX session every other engine is using.
        var options = new PredictionEngineOptions { IgnoreMissingColumns = true, InputSchemaDefinition = InputDefinition(windowSize), OwnsTransformer = false };
        _pool = new DefaultObjectPoolProvider { MaximumRetained = Environment.ProcessorCount * 2 }
            .Create(new LeasePolicy(() => mlContext.Model.CreatePredictionEngine<CharacterIdsRow, ScoreRow>(scoring, options), windowSize));
    }

    /// <inheritdoc />
    public CharacterVocabulary Vocabulary { get; }

    /// <inheritdoc />
    public int WindowSize { get; }

    /// <summary>The ML.NET schema of the engines' input: <c>CharacterIds</c>, a vector of <paramref name="windowSize"/> Int64.</summary>
    public static SchemaDefinition InputDefinition(int windowSize)
    {
        SchemaDefinition definition = SchemaDefinition.Create(typeof(CharacterIdsRow));
        definition[nameof(CharacterIdsRow.CharacterIds)].ColumnType = new VectorDataViewType(NumberDataViewType.Int64, windowSize);
        return definition;
    }

    /// <inheritdoc />
    public void Score(ReadOnlySpan<int> context, Span<float> probabilities)
    {
        if (context.Length != WindowSize || probabilities.Length != Vocabulary.Count)
        {
            throw new ArgumentException($"Expected {WindowSize} class ids and room for {Vocabulary.Count} probabilities, got {context.Length} and {probabilities.Length}.");
        }
        Lease lease = _pool.Get();
        try
        {
            for (int i = 0; i < context.Length; i++)
            {
                lease.Input.CharacterIds[i] = context[i];
            }
            ScoreRow output = lease.Output;
            lease.Engine.Predict(lease.Input, ref output);
            output.Score.AsSpan().CopyTo(probabilities);
        }
        finally
        {
            _pool.Return(lease);
        }
    }

    /// <inheritdoc />
    public void Dispose() => (_pool as IDisposable)?.Dispose();

    /// <summary>The engines' input row.</summary>
    public sealed class CharacterIdsRow
    {
        /// <summary>Class ids of the window.</summary>
        public long[] CharacterIds { get; set; } = [];
    }

    /// <summary>The engines' output row.</summary>
    public sealed class ScoreRow
    {
        /// <summary>Class probabilities.</summary>
        public float[] Score { get; set; } = [];
    }

    private sealed class Lease(PredictionEngine<CharacterIdsRow, ScoreRow> engine, int windowSize) : IDisposable
    {
        public PredictionEngine<CharacterIdsRow, ScoreRow> Engine { get; } = engine;

        public CharacterIdsRow Input { get; } = new() { CharacterIds = new long[windowSize] };

        public ScoreRow Output { get; } = new();

        public void Dispose() => Engine.Dispose();
    }

    private sealed class LeasePolicy(Func<PredictionEngine<CharacterIdsRow, ScoreRow>> create, int windowSize) : PooledObjectPolicy<Lease>
    {
        public override Lease Create() => new(create(), windowSize);

        public override bool Return(Lease obj) => true;
    }
}
