using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace LanguageInterpolation.Transforms.Mappings;

/// <summary>
/// The one step of the featurizer that ML.NET's built-in transforms cannot do: split the
/// <c>Context</c> text into UTF-16 code units. It holds no state (the vocabulary and window size live in
/// the featurizer's ONNX graph, which ML.NET saves inside the model zip), so ML.NET can persist it by
/// contract name. Output: the last <see cref="MaxContextLength"/> code units, right-aligned and padded on
/// the left with spaces, as the original pads short prompts.
/// </summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class ContextCodesMapping : CustomMappingFactory<ContextCodesMapping.Input, ContextCodesMapping.Output>
{
    /// <summary>The contract name stored in saved models.</summary>
    public const string ContractName = "LanguageInterpolation.ContextCodes";

    /// <summary>Longest context window the featurizer supports.</summary>
    public const int MaxContextLength = 512;

    /// <summary>Name of the code-unit column.</summary>
    public const string CodesColumn = "ContextCodes";

    /// <summary>The code unit used for left padding (space).</summary>
    public const long PaddingCode = ' ';

    /// <inheritdoc />
    public override Action<Input, Output> GetMapping() => Map;

    /// <summary>Fills <paramref name="output"/> from <paramref name="input"/>.</summary>
    public static void Map(Input input, Output output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        string context = input.Context ?? string.Empty;
        long[] codes = output.ContextCodes is { Length: MaxContextLength } reused ? reused : new long[MaxContextLength];
        int take = Math.Min(context.Length, MaxContextLength);
        int pad = MaxContextLength - take;
        Array.Fill(codes, PaddingCode, 0, pad);
        for (int i = 0; i < take; i++)
        {
            codes[pad + i] = context[context.Length - take + i];
        }
        output.ContextCodes = codes;
    }

    /// <summary>The input row.</summary>
    public sealed class Input
    {
        /// <summary>The context text.</summary>
        public string Context { get; set; } = string.Empty;
    }

    /// <summary>The output row.</summary>
    public sealed class Output
    {
        /// <summary>The right-aligned code units.</summary>
        [VectorType(MaxContextLength)]
        public long[] ContextCodes { get; set; } = [];
    }
}
