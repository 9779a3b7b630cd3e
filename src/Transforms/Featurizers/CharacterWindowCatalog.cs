using LanguageInterpolation.Common.MlNet;
using LanguageInterpolation.Transforms.Corpus;
using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace LanguageInterpolation.Transforms.Featurizers;

/// <summary>ML.NET catalog entries for character windows: the loader and the featurizer.</summary>
public static class CharacterWindowCatalog
{
    /// <summary>
    /// Encodes a corpus, cuts it into windows and splits it; each split is an <see cref="IDataView"/> with
    /// the columns <c>Context</c>, <c>Features</c> and <c>Label</c>. Corruption, if asked for, applies to
    /// the training rows only.
    /// </summary>
    public static CharacterWindowData LoadCharacterWindows(this DataOperationsCatalog catalog, TextCorpus corpus, CharacterWindowOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var windows = WindowedCorpus.Create(corpus, options ?? new CharacterWindowOptions());
        return new CharacterWindowData(windows);
    }

    /// <summary>
    /// <see cref="LoadCharacterWindows(DataOperationsCatalog, TextCorpus, CharacterWindowOptions?)"/> for large
    /// corpora: reports encoding progress per book and stops with an <see cref="OperationCanceledException"/>
    /// when <paramref name="cancellation"/> is cancelled.
    /// </summary>
    public static CharacterWindowData LoadCharacterWindows(this DataOperationsCatalog catalog, TextCorpus corpus, CharacterWindowOptions options,
        IProgress<PreparationProgress>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new CharacterWindowData(WindowedCorpus.Create(corpus, options, progress, cancellation));
    }

    /// <summary>
    /// Featurizes the <c>Context</c> text column into <c>Features</c> and <c>CharacterIds</c> with the given
    /// vocabulary and window size; the vocabulary is saved with the fitted pipeline.
    /// </summary>
    public static CharacterWindowFeaturizer FeaturizeCharacterWindow(this TransformsCatalog.TextTransforms catalog,
        CharacterVocabulary vocabulary, int windowSize = WindowDefaults.WindowSize)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        IHostEnvironment environment = MlNetInternals.RequireEnvironmentOf(catalog, "construct it with new CharacterWindowFeaturizer(mlContext, vocabulary, windowSize) instead.");
        return new CharacterWindowFeaturizer(MlNetInternals.ComponentContext(environment, "character window featurizer"), vocabulary, windowSize);
    }
}
