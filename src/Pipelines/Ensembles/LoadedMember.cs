using System.Security.Cryptography;
using LanguageInterpolation.Pipelines.Persistence;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;

namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>A member with its model loaded.</summary>
/// <param name="Member">What the manifest says about it.</param>
/// <param name="Model">The loaded model zip.</param>
/// <param name="ModelPath">The zip's absolute path.</param>
public sealed record LoadedMember(EnsembleMember Member, LoadedLanguageModel Model, string ModelPath)
{
    /// <summary>Loads and checks a member model zip; the error names the source.</summary>
    /// <exception cref="FileNotFoundException">The zip is missing.</exception>
    /// <exception cref="InvalidDataException">The zip is corrupt, of another version, or a centered model.</exception>
    public static LoadedLanguageModel LoadModel(MLContext mlContext, string source, string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Member '{source}': model file not found: {path}", path);
        }
        LoadedLanguageModel model;
        try
        {
            model = LanguageModelFile.Load(mlContext, path);
        }
        catch (InvalidDataException error)
        {
            throw new InvalidDataException($"Member '{source}': {error.Message}", error);
        }
        if (model.Card.WindowKind != WindowKind.Sequence)
        {
            throw new InvalidDataException($"Member '{source}': {path} is a {model.Card.WindowKind.ToString().ToLowerInvariant()} model; an ensemble predicts the next character, so members must be sequence models.");
        }
        return model;
    }

    /// <summary>The SHA-256 of a file, in lower-case hex.</summary>
    public static string Sha256(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
