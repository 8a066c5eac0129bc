using System.Collections;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dispatch.Web.Logging;

/// <summary>
/// The host's logger factory with phone and ID numbers masked (<see cref="PersonalData"/>) before any provider sees a
/// record: its message, its structured values and its exception. Wrapping the factory rather than each provider covers
/// providers added later (by Orleans, a test, or an operator's configuration) alike.
/// </summary>
public static class PersonalDataLogging
{
    public static WebApplicationBuilder AddPersonalDataMasking(this WebApplicationBuilder builder)
    {
        builder.Services.Replace(ServiceDescriptor.Singleton<ILoggerFactory, MaskingLoggerFactory>());
        return builder;
    }
}

public sealed class MaskingLoggerFactory(
    IEnumerable<ILoggerProvider> providers, IOptionsMonitor<LoggerFilterOptions> filters, IOptions<LoggerFactoryOptions> options,
    IExternalScopeProvider? scopes = null) : ILoggerFactory
{
    private readonly LoggerFactory inner = new(providers, filters, options, scopes);

    public ILogger CreateLogger(string categoryName) => new MaskingLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private sealed class MaskingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }
            var record = new MaskedRecord(PersonalData.Mask(formatter(state, exception)), state as IEnumerable<KeyValuePair<string, object?>>);
            inner.Log(logLevel, eventId, record, MaskedException.Of(exception), static (r, _) => r.Message);
        }
    }

    /// <summary>The record's values, those that mention a number as masked text; its message template as written.</summary>
    private sealed class MaskedRecord(string message, IEnumerable<KeyValuePair<string, object?>>? values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly KeyValuePair<string, object?>[] values = values?.Select(Masked).ToArray() ?? [];

        public string Message { get; } = message;

        public int Count => values.Length;

        public KeyValuePair<string, object?> this[int index] => values[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)values).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Message;

        private static KeyValuePair<string, object?> Masked(KeyValuePair<string, object?> value) =>
            value.Key != "{OriginalFormat}" && Convert.ToString(value.Value, CultureInfo.InvariantCulture) is { } text && PersonalData.Contains(text)
                ? new(value.Key, PersonalData.Mask(text))
                : value;
    }
}

/// <summary>
/// Stands in for a logged exception whose message or stack mentions a phone or ID number: the same text, masked, with
/// the original's type named first. Other exceptions are logged as they are.
/// </summary>
public sealed class MaskedException : Exception
{
    private readonly string text;

    private MaskedException(Exception original)
        : base(PersonalData.Mask(original.Message)) => text = PersonalData.Mask(original.ToString());

    public static Exception? Of(Exception? exception) =>
        exception is not null && PersonalData.Contains(exception.ToString()) ? new MaskedException(exception) : exception;

    public override string? StackTrace => null;

    public override string ToString() => text;
}
