import { parseMarkdown, type Inline } from "@/lib/markdown/parse-markdown";

function Inlines({ parts }: { parts: Inline[] }) {
  return (
    <>
      {parts.map((p, i) =>
        p.bold ? <strong key={i}>{p.text}</strong> : p.italic ? <em key={i}>{p.text}</em> : <span key={i}>{p.text}</span>,
      )}
    </>
  );
}

/** Scenario Markdown as React elements (text nodes only; see lib/markdown). */
export function MarkdownText({ text, headingOffset = 2 }: { text: string; headingOffset?: number }) {
  return (
    <div className="prose">
      {parseMarkdown(text).map((block, i) => {
        if (block.kind === "heading") {
          const Tag = `h${Math.min(6, block.level + headingOffset)}` as "h3";
          return (
            <Tag key={i}>
              <Inlines parts={block.content} />
            </Tag>
          );
        }
        if (block.kind === "list") {
          const List = block.ordered ? "ol" : "ul";
          return (
            <List key={i}>
              {block.items.map((item, j) => (
                <li key={j}>
                  <Inlines parts={item} />
                </li>
              ))}
            </List>
          );
        }
        return (
          <p key={i}>
            <Inlines parts={block.content} />
          </p>
        );
      })}
    </div>
  );
}
