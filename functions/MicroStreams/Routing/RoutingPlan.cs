using MicroStreams.Events;
using MicroStreams.Workers;

namespace MicroStreams.Routing;

/// <summary>A batch grouped per worker, in log order within each worker and in first-seen order across workers.</summary>
public sealed class RoutingPlan
{
    private readonly Dictionary<WorkerId, List<StreamEvent>> _byWorker = [];
    private readonly List<WorkerId> _order = [];

    public IReadOnlyList<WorkerId> Workers => _order;

    public IReadOnlyList<StreamEvent> EventsFor(WorkerId worker) => _byWorker[worker];

    internal void Add(WorkerId worker, StreamEvent @event)
    {
        if (!_byWorker.TryGetValue(worker, out var list))
        {
            _byWorker[worker] = list = [];
            _order.Add(worker);
        }

        list.Add(@event);
    }
}
