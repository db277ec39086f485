using System.Security.Cryptography;
using TaskRouting.Contracts.Accountability;
using TaskRouting.Platform.Http;

namespace TaskRouting.Streets.Violations;

/// <summary>
/// Checks a report's evidence files against <see cref="EvidenceAttachment"/>'s limits: how many, how large, and a type
/// that the file's own first bytes confirm (a renamed executable is not a photo).
/// </summary>
internal static class EvidenceFiles
{
    private static readonly Dictionary<string, byte[]> Signatures = new(StringComparer.Ordinal)
    {
        ["image/jpeg"] = [0xFF, 0xD8, 0xFF],
        ["image/png"] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A],
        ["application/pdf"] = "%PDF-"u8.ToArray(),
    };

    /// <summary>The files as they will travel; each problem becomes a field error such as <c>attachments[1].content</c>.</summary>
    public static List<EvidenceAttachment> Check(IReadOnlyList<AttachmentForm>? files, List<FieldError> errors)
    {
        var checkedFiles = new List<EvidenceAttachment>();
        if (files is null || files.Count == 0)
        {
            return checkedFiles;
        }

        if (files.Count > EvidenceAttachment.MaxCount)
        {
            errors.Add(new("attachments", $"附件最多 {EvidenceAttachment.MaxCount} 个 / At most {EvidenceAttachment.MaxCount} attachments"));
            return checkedFiles;
        }

        for (var i = 0; i < files.Count; i++)
        {
            var field = $"attachments[{i}]";
            var file = files[i];
            if (file is null)
            {
                errors.Add(new(field, "附件不能为空 / An attachment cannot be empty"));
                continue;
            }

            var name = Path.GetFileName(file.FileName?.Trim() ?? "");
            if (name.Length == 0 || name.Length > 200)
            {
                errors.Add(new($"{field}.fileName", "文件名不能为空且不超过 200 个字符 / fileName is required, up to 200 characters"));
            }

            if (file.ContentType is null || !Signatures.ContainsKey(file.ContentType))
            {
                errors.Add(new($"{field}.contentType", "只接受 JPEG、PNG 图片或 PDF 文件 / Only JPEG or PNG images and PDF files are accepted"));
                continue;
            }

            // A body far beyond the limit is refused by its length, without decoding megabytes only to drop them.
            var tooLong = (file.ContentBase64?.Length ?? 0) > (EvidenceAttachment.MaxBytes / 3 * 4) + 8;
            var content = tooLong ? null : Decode(file.ContentBase64);
            if (tooLong || content?.Length > EvidenceAttachment.MaxBytes)
            {
                errors.Add(new($"{field}.contentBase64", $"附件不能超过 {EvidenceAttachment.MaxBytes / 1024 / 1024} MB / An attachment cannot exceed {EvidenceAttachment.MaxBytes / 1024 / 1024} MB"));
            }
            else if (content is null || content.Length == 0)
            {
                errors.Add(new($"{field}.contentBase64", "附件内容不是有效的 base64 或为空 / The content is empty or not valid base64"));
            }
            else if (!content.AsSpan().StartsWith(Signatures[file.ContentType]))
            {
                errors.Add(new($"{field}.contentType", $"文件内容与类型 {file.ContentType} 不符 / The file's content is not {file.ContentType}"));
            }
            else if (name.Length is > 0 and <= 200)
            {
                checkedFiles.Add(new EvidenceAttachment { FileName = name, ContentType = file.ContentType, Content = content });
            }
        }

        return checkedFiles;
    }

    public static string Hash(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    private static byte[]? Decode(string? base64)
    {
        if (string.IsNullOrEmpty(base64))
        {
            return null;
        }

        var buffer = new byte[(base64.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? buffer[..written] : null;
    }
}
