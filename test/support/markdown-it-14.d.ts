// markdown-it 14, installed beside 15 under an npm alias so the plugin is tested with both.
declare module 'markdown-it-14' {
  import MarkdownIt from 'markdown-it';

  export default MarkdownIt;
}
