// The console's queue rows are markup strings, their buttons plain elements (see ConsoleMarkup.cs): one "queueaction"
// handler on the table receives every click and learns from the button which action, on which demand.
Blazor.registerCustomEventType('queueaction', {
    browserEventName: 'click',
    createEventArgs: event => {
        const button = event.target instanceof Element ? event.target.closest('[data-action]') : null;
        return {
            action: button ? button.dataset.action : null,
            demandId: button ? button.closest('[data-demand]')?.dataset.demand ?? null : null,
        };
    },
});
