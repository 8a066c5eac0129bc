using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace Dispatch.Web.Components.Shared;

/// <summary>
/// Markup of list rows built once per host for each distinct input (in each language) and shared by every circuit that
/// shows it. Fifty consoles showing the same queue hold one string per row between them instead of fifty, and a row
/// whose input did not change keeps its very string from one render to the next. The input must hold everything the
/// markup shows, so that equal inputs always render equal markup.
/// </summary>
public sealed class SharedMarkup<TInput> where TInput : IEquatable<TInput>
{
    /// <summary>What nobody asked for during one whole generation is let go: rows that left every screen, old minutes.</summary>
    public static readonly TimeSpan Generation = TimeSpan.FromMinutes(1);

    private readonly TimeProvider time;
    private ConcurrentDictionary<(string Culture, TInput Input), MarkupString> current = new();
    private ConcurrentDictionary<(string Culture, TInput Input), MarkupString> previous = new();
    private long generationStarted;

    public SharedMarkup(TimeProvider time)
    {
        this.time = time;
        generationStarted = time.GetTimestamp();
    }

    /// <summary>Entries kept now, across both generations (a row asked for in both counts twice).</summary>
    public int Count => current.Count + previous.Count;

    public MarkupString Get(TInput input, Func<TInput, string> build)
    {
        StartGenerationIfDue();
        var key = (CultureInfo.CurrentUICulture.Name, input);
        if (current.TryGetValue(key, out var markup))
        {
            return markup;
        }
        if (previous.TryGetValue(key, out markup))
        {
            return current.GetOrAdd(key, markup);
        }
        return current.GetOrAdd(key, static (k, make) => new MarkupString(make(k.Input)), build);
    }

    private void StartGenerationIfDue()
    {
        var started = Interlocked.Read(ref generationStarted);
        var elapsed = time.GetElapsedTime(started);
        if (elapsed < Generation || Interlocked.CompareExchange(ref generationStarted, time.GetTimestamp(), started) != started)
        {
            return;
        }
        // A row added to the outgoing generation by a racing reader is only built once more.
        previous = elapsed < Generation * 2 ? current : new();
        current = new();
    }
}
