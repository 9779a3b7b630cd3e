using TorchSharp;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

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
        _two = 2f;
        _one = 1f;
        _size = (float)vocabularySize;
    }

    // The constants as fields, alive as long as the module: a temporary TorchSharp Scalar can be finalised by
    // the GC while libtorch still reads it.
    private readonly Scalar _two;
    private readonly Scalar _one;
    private readonly Scalar _size;

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
        Tensor values = ids.to(ScalarType.Float32, copy: true).mul_(_two).add_(_one, One).div_(_size).sub_(_one); // (2c + 1) / V - 1: (B, N)
        return (ValueType == ScalarType.Float32 ? values : values.to(ValueType)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _two.Dispose();
            _one.Dispose();
            _size.Dispose();
        }
        base.Dispose(disposing);
    }
}
