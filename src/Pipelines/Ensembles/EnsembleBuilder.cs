using Microsoft.ML;

namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>
/// Creates an ensemble manifest and adds or removes members. Every operation checks all of its input, fits only
/// the mixing parameters (no member is touched or retrained), and only then writes the manifest, atomically: an
/// error leaves the manifest as it was.
/// </summary>
public static class EnsembleBuilder
{
    /// <summary>Creates a new ensemble of <paramref name="members"/> at <paramref name="manifestPath"/>.</summary>
    /// <exception cref="InvalidDataException">The manifest exists, a member is bad, or two members share a source name.</exception>
    public static EnsembleManifest Create(MLContext mlContext, string manifestPath, IReadOnlyList<MemberSpecification> members, HeldOutText heldOut)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(heldOut);
        if (File.Exists(manifestPath))
        {
            throw new InvalidDataException($"Ensemble manifest {manifestPath} already exists; change it with 'li ensemble add' and 'remove', or delete it first.");
        }
        if (members.Count == 0)
        {
            throw new InvalidDataException("An ensemble needs at least one member.");
        }
        heldOut.Validate();
        CheckUniqueSources(members.Select(member => member.Source));
        var loaded = members.Select(member => Join(mlContext, manifestPath, member)).ToList();
        return Fit(mlContext, manifestPath, heldOut, loaded);
    }

    /// <summary>Adds a member to the ensemble at <paramref name="manifestPath"/> and refits the mixing.</summary>
    /// <exception cref="InvalidDataException">The member is bad or its source name is taken.</exception>
    public static EnsembleManifest Add(MLContext mlContext, string manifestPath, MemberSpecification member)
    {
        ArgumentNullException.ThrowIfNull(member);
        LoadedEnsemble ensemble = LoadedEnsemble.Load(mlContext, manifestPath);
        CheckUniqueSources(ensemble.Members.Select(existing => existing.Member.Source).Append(member.Source));
        var members = ensemble.Members.Append(Join(mlContext, manifestPath, member)).ToList();
        return Fit(mlContext, manifestPath, ensemble.HeldOut, members);
    }

    /// <summary>Removes the member of source <paramref name="source"/> and refits the mixing.</summary>
    /// <exception cref="InvalidDataException">No such member, or it is the last one.</exception>
    public static EnsembleManifest Remove(MLContext mlContext, string manifestPath, string source)
    {
        LoadedEnsemble ensemble = LoadedEnsemble.Load(mlContext, manifestPath);
        if (!ensemble.Members.Any(member => member.Member.Source == source))
        {
            throw new InvalidDataException($"The ensemble has no member '{source}' (members: {string.Join(", ", ensemble.Members.Select(member => member.Member.Source))}).");
        }
        if (ensemble.Members.Count == 1)
        {
            throw new InvalidDataException($"'{source}' is the last member; an ensemble needs at least one (delete the manifest instead).");
        }
        return Fit(mlContext, manifestPath, ensemble.HeldOut, ensemble.Members.Where(member => member.Member.Source != source).ToList());
    }

    /// <summary>Fits the mixing parameters of <paramref name="ensemble"/> on the validation blocks of its sources.</summary>
    public static MixingParameters FitMixing(MLContext mlContext, LoadedEnsemble ensemble)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        var passages = ensemble.Members.SelectMany(member =>
            SourceText.Passages(member, ensemble.ManifestPath, ensemble.HeldOut, HeldOutBlock.Validation, ensemble.WindowSize)).ToList();
        // Pooling needs whole distributions: keep evenly spaced characters, at most LogLinearPooling.MaxFitRows.
        int keepEvery = Math.Max(1, passages.Sum(passage => passage.Length) / LogLinearPooling.MaxFitRows + 1);
        var pooled = new List<PooledRow>();
        List<double[]> rows = MemberScores.Score(mlContext, ensemble, passages, pooled, keepEvery);
        double[] weights = StaticMixture.Fit(rows);
        double rate = SwitchingMixture.FitRate(rows, weights);
        double[] beta = LogLinearPooling.Fit(pooled, ensemble.Members.Count, ensemble.Vocabulary.Count);
        var bits = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["static"] = StaticMixture.BitsPerCharacter(rows, weights),
            ["switching"] = SwitchingMixture.BitsPerCharacter(rows, weights, rate),
            ["log_linear"] = LogLinearPooling.BitsPerCharacter(pooled, beta, ensemble.Vocabulary.Count),
        };
        for (int m = 0; m < ensemble.Members.Count; m++)
        {
            bits["member:" + ensemble.Members[m].Member.Source] = rows.Average(row => -Math.Log2(StaticMixture.Floor(row[m])));
        }
        return new MixingParameters(weights, rate, rows.Count, bits, DateTime.UtcNow, beta);
    }

    private static EnsembleManifest Fit(MLContext mlContext, string manifestPath, HeldOutText heldOut, List<LoadedMember> members)
    {
        var ensemble = new LoadedEnsemble(manifestPath, heldOut, members, mixing: null);
        MixingParameters mixing = FitMixing(mlContext, ensemble);
        var manifest = new EnsembleManifest { HeldOut = heldOut, Members = members.Select(member => member.Member).ToArray(), Mixing = mixing };
        manifest.Save(manifestPath);
        return manifest;
    }

    private static LoadedMember Join(MLContext mlContext, string manifestPath, MemberSpecification member)
    {
        if (string.IsNullOrWhiteSpace(member.Source))
        {
            throw new InvalidDataException($"Member {member.ModelPath} needs a source name.");
        }
        if (member.SourceFiles.Count == 0)
        {
            throw new InvalidDataException($"Member '{member.Source}' needs the text it was trained on (its held-out blocks fit and measure the mixing).");
        }
        string path = Path.GetFullPath(member.ModelPath);
        var model = LoadedMember.LoadModel(mlContext, member.Source, path);
        var entry = new EnsembleMember(
            member.Source,
            EnsembleManifest.Store(manifestPath, path),
            member.SourceFiles.Select(file => EnsembleManifest.Store(manifestPath, file)).ToArray(),
            model.Card.Trainer,
            model.Card.WindowSize,
            LoadedMember.Sha256(path));
        return new LoadedMember(entry, model, path);
    }

    private static void CheckUniqueSources(IEnumerable<string> sources)
    {
        string? duplicate = sources.GroupBy(source => source, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1)?.Key;
        if (duplicate is not null)
        {
            throw new InvalidDataException($"Two members have the source name '{duplicate}'; source names must be unique.");
        }
    }
}
