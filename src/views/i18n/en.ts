// The page's words in English: every label, button, status and message of the pages, keyed by a
// string id. The one catalogue per language (fr.ts has the same ids, checked by its type), shared by
// the server's views (JSX) and the browser scripts, which load it from /static/views/i18n/ as the
// domain modules are loaded. A string with a value in it is a function of that value.
//
// Only erasable syntax, and imports of modules the browser is served too (type-only, or the domain's
// run reasons): the browser gets this file with its types stripped.

import { RUN_REASONS, type RunReasonKey } from '../../domain/run-reasons.js';
import type { GenerationStatus } from '../../domain/statuses.js';
import type { Details } from '../../domain/details.js';
import type { ModelUsage } from '../../domain/model-calls.js';

export const en = {
  // The shell of every page (layout.tsx).
  siteName: 'Contract Generator',
  skipToContent: 'Skip to content',
  simulatedTitle: 'Simulated model.',
  simulatedText:
    'No OpenAI key is configured: the text below is produced by a local simulator, not by a language model.',
  footerBefore: 'Drafts are produced by software and are ',
  footerStrong: 'not legal advice',
  footerAfter: '. Have a qualified lawyer review any document before you rely on it.',
  notFoundTitle: 'Not found',
  notFoundHeading: 'No such draft',
  notFoundText: 'This address does not name a draft we know.',
  notFoundLink: 'Start a new one',

  // Statuses, as the badge and the announcements say them.
  status: {
    queued: 'Queued',
    streaming: 'Writing',
    chunked: 'Writing (chunked fallback)',
    paused: 'Paused',
    cancelled: 'Stopped',
    completed: 'Completed',
    failed: 'Failed',
  } satisfies Record<GenerationStatus, string> as Record<GenerationStatus, string>,

  // The home page: start a draft (home-page.tsx, details-form.tsx, client/home-page.ts).
  homeTitle: 'New draft',
  homeEyebrow: 'New draft',
  homeHeading: 'Draft a legal document',
  homeLede:
    'Describe the business and what the document must cover. You can watch every section being written, pause it, and rewrite any section afterwards.',
  fieldDocument: 'Document',
  fieldPrompt: 'About the business',
  promptPlaceholder: 'A photo sharing app for hikers, based in France, with a paid Pro plan',
  promptHint:
    'What users can do, how it is paid for, anything special. Give the business details below, or write them here: placeholders are used for anything you leave out.',
  promptCount: (used: number, max: number) => `${used} / ${max} characters`,
  fieldLanguage: 'Language of the draft',
  languageNames: { en: 'English', fr: 'Français' },
  detailsSummary: 'Business details (optional)',
  detailsBusiness: 'The business',
  notSaid: 'Not said',
  oneALine: 'One a line.',
  startButton: 'Start drafting',
  recentHeading: 'My documents',
  recentNone: 'None yet.',
  // The list of my documents (home-page.tsx, client/my-documents.ts).
  docsSearchLabel: 'Search my documents',
  docsSearchPlaceholder: 'A name, or words of the text',
  docsSearchButton: 'Search',
  docsShowAll: 'Show all',
  docsNoMatch: (query: string) => `No document matches “${query}”.`,
  docsMore: 'More documents',
  docsColumns: { name: 'Name', template: 'Document', language: 'Language', status: 'Status', changed: 'Last change' },
  docsRename: (name: string) => `Rename “${name}”`,
  docsRenameShort: 'Rename',
  docsNameLabel: 'New name',
  docsSaveName: 'Save name',
  docsCancel: 'Cancel',
  docsDelete: (name: string) => `Delete “${name}”`,
  docsDeleteShort: 'Delete',
  docsDeleteTitle: 'Delete this document?',
  docsDeleteText: (name: string) =>
    `“${name}”, its versions, suggestions and share link are deleted for good. This cannot be undone.`,
  docsDeleteConfirm: 'Delete for good',
  docsKeep: 'Keep it',
  docsDeleted: (name: string) => `Deleted “${name}”.`,
  docsRenamed: (name: string) => `Renamed to “${name}”.`,
  docsNotDeleted: (why: string) => `Not deleted: ${why}`,
  docsNotRenamed: (why: string) => `Not renamed: ${why}`,
  signOut: 'Sign out',
  detailLabels: {
    legalName: 'Legal name',
    tradingName: 'Trading or product name',
    website: 'Website',
    contactEmail: 'Contact email',
    governingCountry: 'Country of governing law',
    governingRegion: 'State or region of governing law',
    effectiveDate: 'Effective date',
    userAccounts: 'Users have accounts',
    payments: 'Payments',
    userContent: 'Users post their own content',
    minimumAge: 'Minimum age',
    dataCategories: 'Categories of personal data',
    cookies: 'Uses cookies',
    analytics: 'Uses analytics',
    euUsers: 'Has EU or UK users (GDPR)',
    californiaUsers: 'Has California users (CCPA)',
    processors: 'Processors data is shared with',
    kind: 'Mutual or one-way',
    counterparty: 'The other party',
    discloser: 'Who discloses (one-way)',
    purpose: 'Purpose',
    termYears: 'Term (years)',
  } satisfies Record<keyof Details, string> as Record<keyof Details, string>,
  /** The choices of the details' select fields, by value. */
  detailOptions: {
    yes: 'Yes',
    no: 'No',
    none: 'None',
    'one-time': 'One-time payments',
    subscription: 'Subscription',
    mutual: 'Mutual',
    'one-way': 'One-way',
    business: 'The business',
    counterparty: 'The other party',
  } as Record<string, string>,

  // Refused form fields: sentences shown next to the field (views/form-errors.ts).
  formErrorTitle: 'The draft was not started. Correct what is marked below:',
  formErrorLine: (label: string, message: string) => `${label}: ${message}`,
  errorEmpty: 'Write something here.',
  errorPromptOrDetails: 'Describe the business here, or give some of its details below.',
  errorTooLong: (max: number) => `Use at most ${max} characters.`,
  errorTooManyLines: (max: number) => `Give at most ${max} lines.`,
  errorAtLeast: (min: number) => `Enter ${min} or more.`,
  errorAtMost: (max: number) => `Enter ${max} or less.`,
  errorWholeNumber: 'Enter a whole number.',
  errorEmail: 'Enter an email address, such as name@example.com.',
  errorUrl: 'Enter a web address that starts with https:// or http://.',
  errorDate: 'Enter a date.',
  errorChoice: 'Choose one of the options.',
  errorCharacters: 'Remove the control characters from this text.',
  errorInvalid: 'This value is not accepted.',

  // The sign-in page (sign-in-page.tsx, routes/session.tsx).
  signInTitle: 'Sign in',
  signInLede: "This server keeps each team's drafts apart. Sign in with your API key to see and start yours.",
  signInKey: 'API key',
  signInButton: 'Sign in',
  signInWrongKey: 'That is not a valid API key.',
  signInTooMany: (seconds: number) => `Too many attempts; try again in ${seconds} s.`,

  // The generation page (generation-page.tsx).
  draftTitle: (name: string) => `${name} draft`,
  draft: 'Draft',
  forBusiness: (name: string) => `For ${name}`,
  requestedFor: 'Requested for:',
  readWholeRequest: 'Read the whole request',
  statusRegion: 'Progress and run controls',
  progressText: (done: number, total: number) => `${done} of ${total} sections`,
  runGroup: 'Run',
  pause: 'Pause',
  resume: 'Resume',
  stop: 'Stop',
  continueRun: 'Continue',
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  jumpToLive: 'Jump to the live text',
  fallbackText: 'The live stream is unavailable here, so this page now checks for finished sections every few seconds.',
  fallbackStarted: (reason: string, seconds: number) =>
    `The live stream is unavailable (${reason}). This page now checks for finished sections every ${seconds} seconds.`,
  streamDropped: 'the connection dropped',
  streamFailed: 'the connection failed',
  streamRefused: 'the server refused the stream',
  streamFailedTimes: (reason: string, times: number) => `${reason}, ${times} times in a row`,
  streamSilent: (seconds: number) => `no event arrived for ${seconds} s while the document was being written`,
  fallbackDone: 'The live stream was unavailable; the document below was loaded by polling and is up to date.',
  tryLiveAgain: 'Try live again',
  noscript: 'JavaScript is off: this page shows the document as it was when loaded. Reload to see more.',
  documentText: (name: string) => `${name} text`,
  waitingFirst: 'Waiting for the first section…',
  noSection: 'No section has been written.',
  generationFailed: (reason: string) => `The generation failed: ${reason}`,
  writingMark: 'writing…',
  unfinishedMark: 'unfinished',
  pendingSection: 'This section is being written; it appears here when finished.',
  toolsRegion: 'Document tools',
  readOnlyHint: 'A read-only link: it follows the draft as it is written.',
  documentCard: 'Document',
  copy: 'Copy text',
  downloadMd: 'Download .md',
  downloadDocx: 'Download Word (.docx)',
  downloadPdf: 'Download PDF',
  print: 'Print',
  documentHint: 'Copy, downloads and print include the finished sections.',
  /** `Model use when loaded: 2 calls, 3,120 tokens in, 1,045 out (partly estimated)`. */
  modelUsage: ({ calls, promptTokens, completionTokens, estimated }: ModelUsage) => {
    const n = (value: number) => value.toLocaleString('en-US');
    const tail = estimated ? ' (partly estimated)' : '';
    return `Model use when loaded: ${n(calls)} call${calls === 1 ? '' : 's'}, ${n(promptTokens)} tokens in, ${n(completionTokens)} out${tail}`;
  },
  shareCard: 'Share',
  share: 'Make a read-only link',
  unshare: 'Revoke the link',
  shareHint: 'Whoever has the link can watch and download this draft, and change nothing.',
  versionsCard: 'Versions',
  versionsSection: 'Section',
  showVersions: 'Show versions',
  versionsHint: "A restore makes an earlier text the section's text again, as a new version.",
  suggestionsCard: 'Suggestions',
  review: 'Review',
  wholeDraft: 'The whole draft',
  suggest: 'Suggest improvements',
  openSuggestions: 'Open suggestions',
  suggestionsHintOwner:
    'Apply rewrites the section with the suggestion (the old text stays in its versions); possible while no run is going on.',
  suggestionsHintReader: 'Suggestions the owner has not applied or dismissed yet.',
  apply: 'Apply',
  dismiss: 'Dismiss',
  sectionN: (index: number | string) => `Section ${index}`,

  // The title block and the signature blocks of the document, in the page and every file
  // (document-frame.ts): the words of a contract, in the draft's language.
  frameTradingAs: (legal: string, trading: string) => `${legal}, trading as ${trading}`,
  frameDate: (iso: string) =>
    new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`)),
  frameEffective: (date: string) => `Effective date: ${date}`,
  frameBetween: (party: string) => `Between ${party}`,
  frameAnd: (party: string) => `and ${party}`,
  frameRole: (name: string, role: string) => `${name} (the “${role}”)`,
  frameRoles: { discloser: 'Disclosing Party', recipient: 'Receiving Party' },
  frameCompanyPlaceholder: '[Company Name]',
  frameOtherPartyPlaceholder: '[Other Party]',
  signaturesHeading: 'Signatures',
  signaturesIntro: 'Signed by the authorised representative of each party.',
  signatureFor: (party: string) => `For ${party}`,
  signatureFields: ['Signature:', 'Name:', 'Title:', 'Date:'] as readonly string[],
  pageWords: { page: 'Page', of: 'of' },

  // One section's tools (section-view.tsx).
  rewriteSummary: 'Rewrite this section',
  rewriteLabel: 'Instruction for the rewrite (optional)',
  rewritePlaceholder: 'e.g. shorter, and name Ireland as the governing law',
  rewriteButton: (index: number | string) => `Rewrite section ${index}`,
  editButton: (index: number | string) => `Edit section ${index}`,
  editLabel: 'Text of this section (Markdown)',
  editKeys: 'Ctrl+Enter (⌘+Enter on a Mac) saves, Escape cancels.',
  editNewer: 'The newer text saved elsewhere',
  preview: 'Preview',
  save: 'Save',
  cancel: 'Cancel',

  // Messages of the browser scripts (announced through the page's live regions).
  announceStatus: (status: string) => `Status: ${status}.`,
  announceChunked: (reason: string) =>
    ` The live stream from the model failed (${reason}); the rest is written in larger pieces.`,
  announceSectionDone: (index: number, total: number, title: string) =>
    `Section ${index} of ${total} finished: ${title}.`,
  commandPending: { pause: 'Pausing…', resume: 'Resuming…', cancel: 'Stopping…', continue: 'Continuing…' } as Record<
    string,
    string
  >,
  rewriting: (index: number) => `Rewriting section ${index}…`,
  rewriteStarted: (index: number) => `Section ${index} is being rewritten.`,
  copied: 'Copied the finished sections, formatted and as plain text.',
  copyRefused: 'Copying is not allowed here; use "Download .md" instead.',
  linkMade: 'Anyone with the link below can read this draft.',
  linkRevoked: 'The link is revoked.',
  refusedConflict: 'Not possible now: the draft has moved on; the page shows where it is.',
  refusedRateLimited: (seconds: string) =>
    seconds === '' ? 'Limit reached: try again later.' : `Limit reached: try again in ${seconds} s.`,
  refusedOpenLimit: 'Limit reached: too many of your drafts are open. Stop or finish one first.',
  refusedSignedOut: 'Your session has ended: reload the page to sign in again.',
  refusedNotFound: 'This draft no longer exists.',
  refusedUnavailable: 'The service is busy; try again in a moment.',
  refusedOther: (status: number) => `Refused (the server answered ${status}).`,
  unreachable: 'The server could not be reached.',
  editUnreadable: (index: number) => `Section ${index} cannot be edited right now: its text could not be read.`,
  saving: 'Saving…',
  savedUnchanged: (index: number) => `Section ${index} was not changed.`,
  saved: (index: number, version: number) => `Saved section ${index} as version ${version}.`,
  newerArrived: (version: number | undefined) =>
    `${version ? `Version ${version}` : 'A newer version'} of this section was saved elsewhere (shown below). Your text is kept here; saving will ask you before it replaces that version.`,
  savedFirstElsewhere: (version: number) =>
    `Not saved: someone else saved this section first (version ${version}, shown below). Your text is kept here; Save again to replace their version with yours, or Cancel to keep theirs.`,
  notSaved: (why: string) => `Not saved: ${why} Your text is kept here.`,
  versionsUnreadable: 'The versions could not be read.',
  versionSources: {
    generated: 'written',
    regenerated: 'rewritten',
    restored: 'restored',
    edited: 'edited',
    suggested: 'rewritten from a suggestion',
  } as Record<string, string>,
  versionCurrent: 'current',
  versionInstruction: (text: string) => `Instruction: ${text}`,
  restoreButton: (version: number | string) => `Restore v${version}`,
  versionReadButton: (version: number | string) => `Read v${version}`,
  versionTitle: (section: string, version: number | string) => `${section}: version ${version}`,
  diffTitle: (section: string, from: number | string, to: number | string) =>
    `${section}: v${from} compared with v${to}`,
  closeDialog: 'Close',
  versionTextUnreadable: 'The text of that version could not be read.',
  olderVersions: 'Show older versions',
  compareLegend: 'Compare two versions',
  compareFrom: 'From version',
  compareTo: 'To version',
  compareButton: 'Compare',
  compareWithCurrent: (version: number | string) => `Compare v${version} with the current text`,
  diffHeading: (from: number | string, to: number | string) =>
    `From v${from} to v${to}: added words are underlined, removed words struck through.`,
  diffSame: 'The two versions read the same.',
  diffUnreadable: 'Those versions could not be compared (is each number a kept version?).',
  notRestored: (why: string) => `Not restored: ${why}`,
  restored: (version: string) => `Restored version ${version}.`,
  reviewingWhole: 'Reviewing the whole draft…',
  reviewingSection: (index: number | string) => `Reviewing section ${index}…`,
  noSuggestions: (why: string) => `No suggestions: ${why}.`,
  noNewSuggestions: 'No new suggestions.',
  newSuggestions: (count: number) => `${count} new suggestion${count === 1 ? '' : 's'}.`,
  applying: (index: string) => `Section ${index} is being rewritten with the suggestion.`,
  dismissed: 'Suggestion dismissed.',

  // Why a run failed or fell back, said in the page's language (src/domain/run-reasons.ts: the
  // contract's words are these; each sentence has the same `{name}`s), and the kinds of run in them.
  reasons: RUN_REASONS as Readonly<Record<RunReasonKey, string>>,
  reasonWords: { draft: 'draft', rewrite: 'rewrite', review: 'review' } as Readonly<Record<string, string>>,
};

/** The shape every language's catalogue has: the same ids, the same arguments. */
export type Catalogue = typeof en;
