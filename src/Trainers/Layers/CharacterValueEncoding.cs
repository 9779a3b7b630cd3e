using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>
/// The original's input encoding as the first module of a high-order network: character id <c>c</c> of a
/// vocabulary of <c>V</c> becomes the centre of its bin of [-1, 1], <c>x = (2c + 1) / V - 1</c>, so that a
/// high-order input layer with <c>V</c> segments puts every character in a segment of its own. Computed in
/// float32 step by step exactly as <c>CharacterVocabulary.InputValue</c>, so every value is bit-identical to
/// the featurizer's <c>Features</c> column. No parameters (nothing in the state dictionary); the values
/// follow the module's dtype when the network is moved (e.g. to float64).
/// </summary>
public sealed class CharacterValueEncoding : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the encoding for a vocabulary of <paramref name="vocabularySize"/> characters.</summary>
    public CharacterValueEncoding(string name, int vocabularySize) : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabularySize, 1);
        VocabularySize = vocabularySize;
    }

    /// <summary>The floating-point type of the values: float32, or what the module was moved to.</summary>
    public ScalarType ValueType { get; private set; } = ScalarType.Float32;

    /// <inheritdoc />
    protected override nn.Module _to(ScalarType dtype, bool non_blocking)
    {
        ValueType = dtype;
        return base._to(dtype, non_blocking);
    }

    /// <summary>V, the number of characters.</summary>
    public int VocabularySize { get; }

    /// <summary>Ids (B, N) of any integer type -> values (B, N) float32 in (-1, 1).</summary>
    public override Tensor forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        Tensor values = (ids.to(ScalarType.Float32) * 2f + 1f) / VocabularySize - 1f;   // (B, N)
        return (ValueType == ScalarType.Float32 ? values : values.to(ValueType)).MoveToOuterDisposeScope();
    }
}
