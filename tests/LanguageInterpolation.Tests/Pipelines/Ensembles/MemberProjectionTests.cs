using LanguageInterpolation.Pipelines.Ensembles;
using LanguageInterpolation.Transforms.Vocabulary;
using Xunit;

namespace LanguageInterpolation.Tests.Pipelines.Ensembles;

public sealed class MemberProjectionTests
{
    [Fact]
    public void Project_MemberWithUnknownSymbol_SharesItsUnknownMassAmongUnknownAndForeignCharacters()
    {
        var member = CharacterVocabulary.FromCharacters("ab\uFFFD");
        var union = UnionVocabulary.Of([member, CharacterVocabulary.FromCharacters("bcd\uFFFD")]);
        var projection = new MemberProjection(member, union);
        float[] probabilities = [0.5f, 0.2f, 0.3f]; // a, b, unknown
        var projected = new double[union.Count];

        projection.Project(probabilities, projected);

        Assert.Equal("abcd\uFFFD", union.Characters);
        // By hand: a 0.5, b 0.2; the unknown 0.3 is shared by c, d and the unknown symbol (0.1 each).
        Assert.Equal([0.5, 0.2, 0.1, 0.1, 0.1], projected, (x, y) => Math.Abs(x - y) < 1e-7);
    }

    [Fact]
    public void Project_MemberWithoutUnknownSymbol_GivesForeignCharactersTheForeignMass()
    {
        var union = UnionVocabulary.Of([CharacterVocabulary.Ascii, CharacterVocabulary.FromCharacters("aé\uFFFD")]);
        var projection = new MemberProjection(CharacterVocabulary.Ascii, union);
        var probabilities = new float[128];
        probabilities['a'] = 1f;
        var projected = new double[union.Count];

        projection.Project(probabilities, projected);

        Assert.Equal(130, union.Count); // 128 ASCII codes, é and the unknown symbol
        Assert.Equal(2, projection.ForeignCount);
        Assert.Equal(1 - MemberProjection.ForeignMass, projected[union.Characters.IndexOf('a')], 12);
        Assert.Equal(MemberProjection.ForeignMass / 2, projected[union.Characters.IndexOf('é')], 15);
        Assert.Equal(1.0, projected.Sum(), 9);
    }

    [Fact]
    public void Of_AllAscii_IsAscii_SameVocabulary_ProjectsUnchanged()
    {
        var union = UnionVocabulary.Of([CharacterVocabulary.Ascii, CharacterVocabulary.Ascii]);
        var projection = new MemberProjection(CharacterVocabulary.Ascii, union);
        var probabilities = Enumerable.Range(0, 128).Select(i => i / (127f * 64f)).ToArray();

        Assert.Same(CharacterVocabulary.Ascii, union);
        Assert.Equal(0, projection.ForeignCount);
        Assert.Equal(probabilities[100], projection.Probability(probabilities, 100), 12);
    }
}
