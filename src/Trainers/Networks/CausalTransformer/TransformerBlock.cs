using LanguageInterpolation.Trainers.Layers;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>A pre-norm transformer block: <c>h = x + attention(norm₁(x))</c>, <c>y = h + feedForward(norm₂(h))</c>.</summary>
public sealed class TransformerBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNormalization _attentionNorm;
    private readonly CausalSelfAttention _attention;
    private readonly LayerNormalization _feedForwardNorm;
    private readonly nn.Module<Tensor, Tensor> _feedForward;

    /// <summary>Creates the block around its attention and feed-forward part (width-preserving).</summary>
    public TransformerBlock(string name, int width, CausalSelfAttention attention, nn.Module<Tensor, Tensor> feedForward)
        : base(name)
    {
        ArgumentNullException.ThrowIfNull(attention);
        ArgumentNullException.ThrowIfNull(feedForward);
        _attentionNorm = new LayerNormalization("attention_norm", width);
        _attention = attention;
        _feedForwardNorm = new LayerNormalization("feed_forward_norm", width);
        _feedForward = feedForward;
        RegisterComponents();
    }

    /// <summary>The norm before the attention.</summary>
    public LayerNormalization AttentionNorm => _attentionNorm;

    /// <summary>The attention.</summary>
    public CausalSelfAttention Attention => _attention;

    /// <summary>The norm before the feed-forward part.</summary>
    public LayerNormalization FeedForwardNorm => _feedForwardNorm;

    /// <summary>The feed-forward part.</summary>
    public nn.Module<Tensor, Tensor> FeedForward => _feedForward;

    /// <summary>(B, T, W) -> (B, T, W).</summary>
    public override Tensor forward(Tensor input) => Decode(input, cache: null, block: 0);

    /// <summary>The block over the positions <paramref name="input"/> (B, S, W) whose rotary angles (if any) are
    /// <paramref name="rotation"/>, with an optional cache (see <see cref="Decode(Tensor, KeyValueCache?, int)"/>).</summary>
    public Tensor Decode(Tensor input, KeyValueCache? cache, int block, RotaryAngles? rotation)
    {
        using var scope = NewDisposeScope();
        Tensor h = input.add(_attention.Attend(_attentionNorm.call(input), cache, block, rotation), One);   // input + attention: (B, S, W)
        Tensor y = h.add(_feedForward.call(_feedForwardNorm.call(h)), One);                                 // h + feed-forward: (B, S, W)
        return y.MoveToOuterDisposeScope();
    }

    /// <summary>The block on new positions (B, S, W), reading and extending <paramref name="cache"/> when given
    /// (see <see cref="CausalSelfAttention.Attend"/>).</summary>
    public Tensor Decode(Tensor input, KeyValueCache? cache, int block) => Decode(input, cache, block, rotation: null);
}
