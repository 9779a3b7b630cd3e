using LanguageInterpolation.Transforms.Vocabulary;

namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>
/// Carries one member's next-character distribution onto the ensemble's <see cref="UnionVocabulary"/>, so that
/// members with different vocabularies mix into one proper distribution. A character the member has keeps its
/// probability. The characters it lacks ("foreign") are what the member would call unknown: a member with an
/// unknown symbol shares that symbol's probability equally among the union's unknown symbol and its foreign
/// characters; a member without one (ASCII) gives its foreign characters <see cref="ForeignMass"/> in all,
/// shared equally, and scales its own probabilities by 1 - <see cref="ForeignMass"/>, so that a foreign
/// character costs a finite number of bits instead of an infinite log-loss.
/// </summary>
public sealed class MemberProjection
{
    /// <summary>Total probability a member without an unknown symbol gives the union characters it lacks.</summary>
    public const double ForeignMass = 1e-6;

    private readonly int[] _unionIdOfMemberId;
    private readonly int[] _memberIdOfUnionId;
    private readonly int[] _foreignUnionIds;
    private readonly int? _memberUnknownId;

    /// <summary>Builds the projection of <paramref name="member"/> onto <paramref name="union"/>.</summary>
    /// <exception cref="ArgumentException">The union lacks one of the member's characters.</exception>
    public MemberProjection(CharacterVocabulary member, CharacterVocabulary union)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(union);
        Member = member;
        Union = union;
        _unionIdOfMemberId = new int[member.Count];
        _memberIdOfUnionId = new int[union.Count];
        Array.Fill(_memberIdOfUnionId, -1);
        for (int id = 0; id < member.Count; id++)
        {
            if (!union.TryGetId(member.Characters[id], out int unionId))
            {
                throw new ArgumentException($"The union vocabulary lacks U+{(int)member.Characters[id]:X4} of a member.", nameof(union));
            }
            _unionIdOfMemberId[id] = unionId;
            _memberIdOfUnionId[unionId] = id;
        }
        _foreignUnionIds = Enumerable.Range(0, union.Count).Where(unionId => _memberIdOfUnionId[unionId] < 0).ToArray();
        _memberUnknownId = member.UnknownId;
    }

    /// <summary>The member's vocabulary.</summary>
    public CharacterVocabulary Member { get; }

    /// <summary>The ensemble's vocabulary.</summary>
    public CharacterVocabulary Union { get; }

    /// <summary>How many union characters the member lacks.</summary>
    public int ForeignCount => _foreignUnionIds.Length;

    /// <summary>The probability the projected distribution gives union class <paramref name="unionId"/>, from the
    /// member's own class probabilities.</summary>
    public double Probability(ReadOnlySpan<float> memberProbabilities, int unionId)
    {
        int memberId = _memberIdOfUnionId[unionId];
        if (_memberUnknownId is int unknown)
        {
            double share = memberProbabilities[unknown] / (ForeignCount + 1.0);
            return memberId < 0 ? share : memberId == unknown ? share : memberProbabilities[memberId];
        }
        if (memberId < 0)
        {
            return ForeignMass / ForeignCount;
        }
        return ForeignCount == 0 ? memberProbabilities[memberId] : memberProbabilities[memberId] * (1 - ForeignMass);
    }

    /// <summary>Writes the whole projected distribution (length union size).</summary>
    public void Project(ReadOnlySpan<float> memberProbabilities, Span<double> unionProbabilities)
    {
        for (int unionId = 0; unionId < unionProbabilities.Length; unionId++)
        {
            unionProbabilities[unionId] = Probability(memberProbabilities, unionId);
        }
    }
}
