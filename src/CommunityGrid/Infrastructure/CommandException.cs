namespace CommunityGrid.Infrastructure;

/// <summary>A command refused its input or its precondition; the message is shown to the operator.</summary>
internal sealed class CommandException(string message) : Exception(message);
