// Mirrors Microsoft.DurableTask.Abstractions 1.25.0: microsoft/durabletask-dotnet src/Abstractions/TaskName.cs (it converts
// implicitly from string, as the real type does).
namespace Microsoft.DurableTask
{
    public readonly struct TaskName : IEquatable<TaskName>
    {
        public TaskName(string name) => Name = name;

        public string Name { get; }

        public static implicit operator TaskName(string name) => new(name);

        public static bool operator ==(TaskName a, TaskName b) => a.Equals(b);

        public static bool operator !=(TaskName a, TaskName b) => !a.Equals(b);

        public bool Equals(TaskName other) => string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase);

        public override bool Equals(object? obj) => obj is TaskName other && Equals(other);

        public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Name ?? string.Empty);

        public override string ToString() => Name;
    }
}
