using System.Collections.Immutable;
using Dispatch.Contracts.Live;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace Dispatch.Web.Live;

/// <summary>
/// Keeps a live message that a hub protocol cannot write away from hub clients. SignalR serializes a message only in
/// each connection's write loop, and a message that fails there aborts the connection (and a <c>Resume</c> answer
/// holding it fails the call), so one bad change would cut off every client it goes to, again on every resume. Each
/// message is written once here first; one that fails is logged and left out, and the rest go as usual.
/// </summary>
public sealed class WritableMessages(IHubProtocolResolver resolver, IOptions<HubOptions<DispatchHub>> hub, ILogger<WritableMessages> logger)
{
    // The protocols a client of this hub may speak: the host has others (Blazor's own) that write only their own messages.
    private readonly IHubProtocol[] protocols = [.. resolver.AllProtocols.Where(p => hub.Value.SupportedProtocols?.Contains(p.Name) ?? true)];

    public ImmutableArray<LiveMessage> Of(IEnumerable<LiveMessage> messages) => [.. messages.Where(Writable)];

    private bool Writable(LiveMessage message)
    {
        foreach (var protocol in protocols)
        {
            try
            {
                protocol.GetMessageBytes(new InvocationMessage(DispatchHubPush.Changes, [message]));
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Live change {Sequence} ({Kind}) cannot be written by the hub's {Protocol} protocol: left out for hub clients",
                    message.Sequence, message.Change.Kind, protocol.Name);
                return false;
            }
        }
        return true;
    }
}
