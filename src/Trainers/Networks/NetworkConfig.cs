using System.Text.Json.Serialization;
using TorchSharp;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// The architecture of a next-character network, independent of ML.NET: an immutable record that the
/// modules are built from, that presets, checkpoints and model cards store (as JSON with a "type"
/// discriminator), and that ML.NET trainer options map onto. <see cref="InputWidth"/> (window size) and
/// <see cref="OutputWidth"/> (vocabulary size) come from the data; 0 means "not known yet".
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HighOrderMlpConfig), HighOrderMlpConfig.TypeName)]
[JsonDerivedType(typeof(HighOrderInputMlpConfig), HighOrderInputMlpConfig.TypeName)]
[JsonDerivedType(typeof(ReluMlpConfig), ReluMlpConfig.TypeName)]
[JsonDerivedType(typeof(EmbeddingBagMlpConfig), EmbeddingBagMlpConfig.TypeName)]
public abstract record NetworkConfig
{
    /// <summary>Network inputs: the window size N.</summary>
    public int InputWidth { get; init; }

    /// <summary>Network outputs: the vocabulary size.</summary>
    public int OutputWidth { get; init; }

    /// <summary>The JSON type name of this network.</summary>
    [JsonIgnore]
    public abstract string NetworkType { get; }

    /// <summary>The same architecture for a window size and vocabulary size.</summary>
    public NetworkConfig WithShape(int inputWidth, int outputWidth) => this with { InputWidth = inputWidth, OutputWidth = outputWidth };

    /// <summary>Throws one <see cref="ArgumentException"/> naming every invalid field.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (InputWidth < 1)
        {
            problems.Add($"{nameof(InputWidth)} must be at least 1 (got {InputWidth}; it is the window size)");
        }
        if (OutputWidth < 2)
        {
            problems.Add($"{nameof(OutputWidth)} must be at least 2 (got {OutputWidth}; it is the vocabulary size)");
        }
        AddProblems(problems);
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid {NetworkType} configuration: " + string.Join("; ", problems) + ".");
        }
    }

    /// <summary>Builds the network module with weights drawn from <paramref name="generator"/>.</summary>
    public LanguageNetwork Build(torch.Generator? generator = null)
    {
        Validate();
        return BuildValidated(generator);
    }

    /// <summary>Learnable parameters of the network this configuration builds.</summary>
    public abstract long ParameterCount();

    /// <summary>Adds the problems of the network-specific fields.</summary>
    protected abstract void AddProblems(List<string> problems);

    /// <summary>Builds the module from a validated configuration.</summary>
    protected abstract LanguageNetwork BuildValidated(torch.Generator? generator);

    /// <summary>Adds <paramref name="problem"/> unless <paramref name="condition"/> holds.</summary>
    protected static void Require(List<string> problems, bool condition, string problem)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (!condition)
        {
            problems.Add(problem);
        }
    }
}
