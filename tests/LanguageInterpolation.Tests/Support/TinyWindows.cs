using LanguageInterpolation.Transforms.Corpus;
using LanguageInterpolation.Transforms.Featurizers;
using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;

namespace LanguageInterpolation.Tests.Support;

/// <summary>Tiny slices of a shipped book as window data, for tests that train real pipelines quickly.</summary>
public static class TinyWindows
{
    /// <summary>The first <paramref name="characters"/> characters of The Dunwich Horror, in windows of
    /// <paramref name="windowSize"/> over the book's own vocabulary (few classes keep LightGBM fast), split
    /// 80/10/10.</summary>
    public static CharacterWindowData Dunwich(MLContext mlContext, int characters = 4000, int windowSize = 8)
    {
        TextCorpus corpus = CorpusReader.Read([TestData.Book(TestData.Dunwich)]).Truncate(characters);
        var options = new CharacterWindowOptions
        {
            Vocabulary = CharacterVocabulary.FromTexts(corpus.Select(document => document.Text)),
            WindowSize = windowSize,
        };
        return mlContext.Data.LoadCharacterWindows(corpus, options);
    }
}
