namespace Analytics.Storage;

/// <summary>
/// Where events live: the store, made of its roles (writing, reading, maintenance, visitor salts and sessions, API keys), so a
/// part of the system can depend on the one role it uses. This is the name a user resolves.
/// Implementations are thread-safe singletons; no database driver type appears in this contract.
/// </summary>
public interface IEventStore : IEventWriter, IEventReader, IStoreMaintenance, IVisitorStore, IApiKeyStore;
