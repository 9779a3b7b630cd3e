using System.Text;
using LanguageInterpolation.Transforms.Vocabulary;

namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>
/// The vocabulary an ensemble predicts over when its members' vocabularies differ: ASCII when every member
/// is ASCII, otherwise every character of every member (sorted) followed by the unknown symbol U+FFFD.
/// Each member's distribution is carried onto it by a <see cref="MemberProjection"/>.
/// </summary>
public static class UnionVocabulary
{
    /// <summary>The union of <paramref name="members"/>' vocabularies.</summary>
    /// <exception cref="ArgumentException">No member.</exception>
    public static CharacterVocabulary Of(IReadOnlyList<CharacterVocabulary> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
        {
            throw new ArgumentException("An ensemble needs at least one member.", nameof(members));
        }
        if (members.All(member => member.Kind == VocabularyKind.Ascii))
        {
            return CharacterVocabulary.Ascii;
        }
        var characters = new SortedSet<char>(members.SelectMany(member => member.Characters));
        characters.Remove(CharacterVocabulary.UnknownSymbol);
        return CharacterVocabulary.FromCharacters(new StringBuilder().Append(characters.ToArray()).Append(CharacterVocabulary.UnknownSymbol).ToString());
    }
}
