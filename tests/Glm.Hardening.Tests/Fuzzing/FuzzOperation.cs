namespace Glm.Hardening.Tests.Fuzzing;

/// <summary>One generated thing to send to the server. Tracked documents are <c>file:///fuzz/{Doc}.md</c>.</summary>
internal abstract record FuzzOperation;

internal sealed record OpenOperation(int Doc, int Version, string Text) : FuzzOperation;

internal sealed record ChangeOperation(int Doc, int Version, FuzzChange[] Changes) : FuzzOperation;

/// <summary>A content change; <see cref="Range"/> null replaces the whole text. Coordinates may be anything.</summary>
internal sealed record FuzzChange(int[]? Range, string Text);

internal sealed record CloseOperation(int Doc) : FuzzOperation;

/// <summary>A request about a position, which may lie outside the document or be negative.</summary>
internal sealed record PositionRequestOperation(string Method, int Doc, int Line, int Character) : FuzzOperation;

/// <summary>A method the server does not know, as a request or a notification.</summary>
internal sealed record UnknownMethodOperation(string Method, bool IsRequest, string ParamsJson) : FuzzOperation;

/// <summary>A valid message on an untracked document with one member replaced by a value of another JSON type.</summary>
internal sealed record WrongTypeOperation(FuzzOperation Inner, int MemberChoice, string ReplacementJson) : FuzzOperation;

/// <summary>Content that is not a JSON-RPC message at all, in a correct frame.</summary>
internal sealed record GarbageOperation(byte[] Content) : FuzzOperation;
