using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>A learned table (V, W): ids (B, T) -> rows (B, T, W). Initial values ~ N(0, 0.02²) from the generator.</summary>
public sealed class TokenEmbedding : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the table.</summary>
    public TokenEmbedding(string name, int vocabularySize, int width, Generator? generator) : base(name)
    {
        Tensor table = empty(vocabularySize, width);
        using (no_grad())
        {
            table.normal_(0, CausalTransformerDefaults.EmbeddingStandardDeviation, generator);
        }
        register_parameter("weight", new Parameter(table.DetachFromDisposeScope()));
    }

    /// <summary>The table (V, W) (looked up by name: moving the module replaces it).</summary>
    public Parameter Weight => get_parameter("weight")!;

    /// <summary>Ids (B, T) -> (B, T, W).</summary>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        Tensor rows = Weight.index_select(0, input.flatten());                            // (B·T, W)
        return rows.view(input.shape[0], input.shape[1], -1).MoveToOuterDisposeScope();  // (B, T, W)
    }
}
