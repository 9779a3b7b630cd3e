using System.Text.Json.Serialization;
using TorchSharp;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// The architecture of a character network, independent of ML.NET: an immutable record that the modules
/// are built from, that presets, checkpoints and model cards store (as JSON with a "type" discriminator:
/// the name its <see cref="NetworkType"/> registered, see <see cref="NetworkRegistry"/>), and that ML.NET
/// trainer options map onto. <see cref="WindowSize"/> and <see cref="VocabularySize"/> come from the data;
/// 0 means "not known yet".
/// </summary>
public abstract record NetworkConfig
{
    /// <summary>Context characters per window (T): the length of the ids the network reads.</summary>
    public int WindowSize { get; init; }

    /// <summary>Characters in the vocabulary (V): the ids the network reads and the classes it predicts.</summary>
    public int VocabularySize { get; init; }

    /// <summary>The registered type name of this network (JSON "type", trainer name).</summary>
    [JsonIgnore]
    public abstract string NetworkType { get; }

    /// <summary>The shortest window the architecture can read (a convolution stack's receptive field); 1 for most.</summary>
    [JsonIgnore]
    public virtual int MinimumWindowSize => 1;

    /// <summary>The same architecture for a window size and vocabulary size.</summary>
    public NetworkConfig WithShape(int windowSize, int vocabularySize) => this with { WindowSize = windowSize, VocabularySize = vocabularySize };

    /// <summary>Throws one <see cref="ArgumentException"/> naming every invalid field.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (WindowSize < 1)
        {
            problems.Add($"{nameof(WindowSize)} must be at least 1 (got {WindowSize})");
        }
        else if (WindowSize < MinimumWindowSize)
        {
            problems.Add($"{nameof(WindowSize)} must be at least {MinimumWindowSize} for this architecture (its layers' receptive field), got {WindowSize}: use a longer window or smaller kernels and strides");
        }
        if (VocabularySize < 2)
        {
            problems.Add($"{nameof(VocabularySize)} must be at least 2 (got {VocabularySize})");
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
