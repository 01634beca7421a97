namespace Lianjie.WeChat.Messages;

/// <summary>One article card of a passive news reply.</summary>
public sealed record WeChatNewsArticle(string Title, string Description, string PicUrl, string Url);
