using LanguageInterpolation.Transforms.Corpus;
using LanguageInterpolation.Transforms.Featurizers;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;

namespace LanguageInterpolation.Tests.Support;

/// <summary>Small character-window data sets cut from the shipped books.</summary>
public static class SmallData
{
    /// <summary>The first characters of The Dunwich Horror as train/validation/test windows.</summary>
    public static CharacterWindowData Dunwich(MLContext mlContext, int characters = 6_000, int windowSize = 8, SplitKind split = SplitKind.HeldOut) =>
        mlContext.Data.LoadCharacterWindows(
            CorpusReader.Read([TestData.Book(TestData.Dunwich)]).Truncate(characters),
            new CharacterWindowOptions { WindowSize = windowSize, Split = split });
}
