namespace MicroStreams.Projections;

/// <summary>The projection store port: one implementation per host (SQLite embedded, Table storage on Azure), one conformance suite for all.</summary>
public interface IProjectionStore : IProjectionReader, IProjectionWriter;
