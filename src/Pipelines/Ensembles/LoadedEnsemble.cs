using LanguageInterpolation.Transforms.Vocabulary;
using Microsoft.ML;

namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>An ensemble with every member loaded, its union vocabulary and each member's projection onto it.</summary>
public sealed class LoadedEnsemble
{
    /// <summary>Wraps loaded members (the manifest's order).</summary>
    public LoadedEnsemble(string manifestPath, HeldOutText heldOut, IReadOnlyList<LoadedMember> members, MixingParameters? mixing)
    {
        ArgumentNullException.ThrowIfNull(members);
        ManifestPath = manifestPath;
        HeldOut = heldOut;
        Members = members;
        Mixing = mixing;
        Vocabulary = UnionVocabulary.Of(members.Select(member => member.Model.Card.VocabularyObject).ToArray());
        Projections = members.Select(member => new MemberProjection(member.Model.Card.VocabularyObject, Vocabulary)).ToArray();
        WindowSize = members.Max(member => member.Model.Card.WindowSize);
    }

    /// <summary>Where the manifest is (paths in it are relative to its folder).</summary>
    public string ManifestPath { get; }

    /// <summary>The held-out blocks of every source.</summary>
    public HeldOutText HeldOut { get; }

    /// <summary>The members.</summary>
    public IReadOnlyList<LoadedMember> Members { get; }

    /// <summary>The fitted mixing parameters (null while they are being fitted).</summary>
    public MixingParameters? Mixing { get; }

    /// <summary>The union of the members' vocabularies.</summary>
    public CharacterVocabulary Vocabulary { get; }

    /// <summary>Each member's projection onto <see cref="Vocabulary"/>.</summary>
    public IReadOnlyList<MemberProjection> Projections { get; }

    /// <summary>The longest member window: every member has a full window from this position of a passage on.</summary>
    public int WindowSize { get; }

    /// <summary>The fitted mixing parameters.</summary>
    /// <exception cref="InvalidOperationException">Not fitted yet.</exception>
    public MixingParameters FittedMixing => Mixing ?? throw new InvalidOperationException("The ensemble's mixing is not fitted yet.");

    /// <summary>Loads the manifest at <paramref name="manifestPath"/> and every member model, checking that no model
    /// zip was replaced since the mixing was fitted.</summary>
    /// <exception cref="FileNotFoundException">The manifest or a member model is missing.</exception>
    /// <exception cref="InvalidDataException">The manifest or a member model is corrupt or changed.</exception>
    public static LoadedEnsemble Load(MLContext mlContext, string manifestPath)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        EnsembleManifest manifest = EnsembleManifest.Load(manifestPath);
        var members = new List<LoadedMember>();
        foreach (EnsembleMember member in manifest.Members)
        {
            string path = EnsembleManifest.Resolve(manifestPath, member.Model);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"Ensemble manifest {manifestPath}: member '{member.Source}' points at a missing model file: {path}", path);
            }
            if (LoadedMember.Sha256(path) != member.ModelSha256)
            {
                throw new InvalidDataException($"Member '{member.Source}': {path} changed since the mixing was fitted (SHA-256 differs); remove and add it again.");
            }
            members.Add(new LoadedMember(member, LoadedMember.LoadModel(mlContext, member.Source, path), path));
        }
        return new LoadedEnsemble(manifestPath, manifest.HeldOut, members, manifest.Mixing);
    }
}
