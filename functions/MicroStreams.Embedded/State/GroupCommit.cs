using System.Runtime.ExceptionServices;

namespace MicroStreams.Embedded.State;

/// <summary>
/// Leader/follower group commit for the consumers' batches: a consumer that commits while another commit is being
/// written waits, and the first of the waiting ones to wake writes every waiting batch in one transaction (one fsync
/// with <see cref="Durability.Full"/> instead of one per partition, and one holder of the writer's lock instead of
/// eight spinning for it). Hand-written because it is a few lines over <see cref="Monitor"/> and is specific to the
/// one writer connection.
/// </summary>
internal sealed class GroupCommit(Action<IReadOnlyList<GroupCommit.Member>> write)
{
    private readonly object _sync = new();
    private List<Member> _waiting = [];
    private bool _writing;

    /// <summary>Batches waiting for the commit being written to end.</summary>
    public int Waiting
    {
        get
        {
            lock (_sync)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Writes <paramref name="commit"/>, alone or with others; returns once it is durable, or throws its own failure.</summary>
    public void Commit(PartitionCommit commit, DateTimeOffset now)
    {
        var member = new Member(commit, now);
        List<Member> group;
        lock (_sync)
        {
            _waiting.Add(member);
            while (true)
            {
                if (member.Done)
                {
                    member.Failure?.Throw();
                    return;
                }

                if (!_writing)
                {
                    _writing = true;
                    group = _waiting;
                    _waiting = [];
                    break;
                }

                Monitor.Wait(_sync);
            }
        }

        try
        {
            write(group);
        }
        finally
        {
            lock (_sync)
            {
                foreach (var written in group)
                {
                    written.Done = true;
                }

                _writing = false;
                Monitor.PulseAll(_sync);
            }
        }

        member.Failure?.Throw();
    }

    /// <summary>One batch in a group; <see cref="Failure"/> is set when its own write failed.</summary>
    internal sealed class Member(PartitionCommit commit, DateTimeOffset now)
    {
        public PartitionCommit Commit { get; } = commit;

        public DateTimeOffset Now { get; } = now;

        public ExceptionDispatchInfo? Failure { get; set; }

        public bool Done { get; set; }
    }
}
