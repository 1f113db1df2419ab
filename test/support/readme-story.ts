/**
 * The README's first story, read from README.md: the fenced block after the
 * `<!-- readme-story` marker. Lines are `群 <group>`, `<persona> › <what they write>` (`[label]`
 * presses a button) and `民呼 ‹ <what minhu answers>`. The browser test types exactly these.
 */
import fs from 'node:fs';
import path from 'node:path';

export type StoryStep =
  | { kind: 'say'; persona: string; text: string }
  | { kind: 'press'; persona: string; label: string }
  | { kind: 'answer'; text: string };

export interface ReadmeStory {
  group: string;
  steps: StoryStep[];
}

/** Parses the story out of the README text; throws with the reason when it is not there. */
export function parseReadmeStory(readme: string): ReadmeStory {
  const marker = readme.indexOf('<!-- readme-story');
  if (marker < 0) throw new Error('README.md has no <!-- readme-story --> marker');
  const block = /```[a-z]*\n([\s\S]*?)```/.exec(readme.slice(marker));
  if (!block) throw new Error('no fenced block after the readme-story marker');
  let group = '';
  const steps: StoryStep[] = [];
  for (const raw of block[1].split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const said = /^(.+?)\s+›\s+(.+)$/.exec(line);
    const answered = /^(.+?)\s+‹\s+(.+)$/.exec(line);
    if (line.startsWith('群 ')) group = line.slice(2).trim();
    else if (said) {
      const button = /^\[(.+)\]$/.exec(said[2]);
      steps.push(button ? { kind: 'press', persona: said[1], label: button[1] } : { kind: 'say', persona: said[1], text: said[2] });
    } else if (answered) steps.push({ kind: 'answer', text: answered[2] });
    else throw new Error(`README story line not understood: ${line}`);
  }
  if (!group) throw new Error('the README story names no group (群 …)');
  return { group, steps };
}

/** The story of the project's README.md. */
export function readReadmeStory(): ReadmeStory {
  return parseReadmeStory(fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8'));
}
