namespace Dispatch.Web.Components.Pages.Console;

/// <summary>
/// A short two-tone beep as a WAV data URI, built once: an <c>&lt;audio autoplay&gt;</c> element plays it without any
/// script, and the file needs no static asset.
/// </summary>
public static class AttentionBeep
{
    private const int SampleRate = 8000;

    public static string DataUri { get; } = "data:audio/wav;base64," + Convert.ToBase64String(Wave());

    private static byte[] Wave()
    {
        // 8-bit mono PCM: 120 ms at 880 Hz, 40 ms of silence, 120 ms at 1175 Hz, each tone faded in and out to avoid clicks.
        var samples = new List<byte>();
        Tone(samples, 880, 0.12);
        samples.AddRange(Enumerable.Repeat((byte)128, (int)(SampleRate * 0.04)));
        Tone(samples, 1175, 0.12);

        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write("RIFF"u8);
        writer.Write(36 + samples.Count);
        writer.Write("WAVEfmt "u8);
        writer.Write(16);                 // format chunk size
        writer.Write((short)1);           // PCM
        writer.Write((short)1);           // mono
        writer.Write(SampleRate);
        writer.Write(SampleRate);         // bytes per second
        writer.Write((short)1);           // block align
        writer.Write((short)8);           // bits per sample
        writer.Write("data"u8);
        writer.Write(samples.Count);
        writer.Write(samples.ToArray());
        writer.Flush();
        return stream.ToArray();
    }

    private static void Tone(List<byte> samples, double frequency, double seconds)
    {
        var count = (int)(SampleRate * seconds);
        for (var i = 0; i < count; i++)
        {
            var envelope = Math.Min(1.0, Math.Min(i, count - i) / (SampleRate * 0.01));
            samples.Add((byte)(128 + 60 * envelope * Math.Sin(2 * Math.PI * frequency * i / SampleRate)));
        }
    }
}
