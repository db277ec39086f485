using TaskRouting.Activities.Voting;

namespace TaskRouting.Activities.Tests.Voting;

public sealed class CollectVotesTests
{
    private static List<VoteRequest> Votes(int approve, int reject, int abstain, int missing)
    {
        var votes = new List<VoteRequest>();
        void Add(int n, VoteChoice? choice)
        {
            for (var i = 0; i < n; i++)
            {
                votes.Add(new VoteRequest
                {
                    ApplicationId = Guid.Empty, VoterCode = $"v{votes.Count}", District = "D", VoterKind = "community", StreetCode = "S", Choice = choice,
                });
            }
        }

        Add(approve, VoteChoice.Approve);
        Add(reject, VoteChoice.Reject);
        Add(abstain, VoteChoice.Abstain);
        Add(missing, null);
        return votes;
    }

    [Theory]
    [InlineData(6, 4, 0, 0, true)]      // exactly 60%
    [InlineData(5, 5, 0, 0, false)]
    [InlineData(600, 400, 0, 0, true)]  // 60.0%
    [InlineData(599, 401, 0, 0, false)] // 59.9%
    [InlineData(3, 0, 1, 1, true)]      // 3 of 5 eligible: abstentions and missing votes count as not approving
    [InlineData(2, 0, 2, 1, false)]
    public void Count_ApprovalsOfEligible_PassesExactlyAtTheThreshold(int approve, int reject, int abstain, int missing, bool passed)
    {
        var tally = CollectVotes.Count(Votes(approve, reject, abstain, missing), 0.6m, CollectVotes.EligibleRule);
        Assert.Equal(passed, tally.Passed);
        Assert.Equal(approve + reject + abstain + missing, tally.Eligible);
        Assert.Equal(missing, tally.NotVoted);
    }

    [Fact]
    public void Count_ApprovalsOfVotesCast_IgnoresAbstentionsAndMissingVotes()
    {
        var votes = Votes(3, 2, 4, 1);
        Assert.True(CollectVotes.Count(votes, 0.6m, CollectVotes.CastRule).Passed);
        Assert.False(CollectVotes.Count(votes, 0.6m, CollectVotes.EligibleRule).Passed);
    }

    [Fact]
    public void Count_NoVotesCast_NeverPasses() =>
        Assert.False(CollectVotes.Count(Votes(0, 0, 2, 0), 0.6m, CollectVotes.CastRule).Passed);
}
