using System.Diagnostics;
using System.Globalization;

namespace Dispatch.Testing;

/// <summary>Signals to processes a test started.</summary>
public static class Signals
{
    /// <summary>
    /// SIGTERM, as Ctrl+C or a service manager's stop: the process may shut down cleanly. False when it could not be sent
    /// (no such process, or no kill(1) on this system). The kill(1) utility avoids P/Invoke and libc naming differences.
    /// </summary>
    public static async Task<bool> Terminate(int pid)
    {
        try
        {
            using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", pid.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false });
            if (kill is null)
            {
                return false;
            }

            await kill.WaitForExitAsync().ConfigureAwait(false);
            return kill.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
