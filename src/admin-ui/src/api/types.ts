// Names the app uses for the shapes in the service's OpenAPI document (schema.d.ts, generated at every build).
import type { components } from './schema';

type Schemas = components['schemas'];

export type Session = Schemas['SessionView'];

export type Run = Schemas['RunView'];
export type Item = Schemas['ItemView'];
export type Alert = Schemas['AlertView'];
export type Issue = Schemas['IssueView'];
export type JournalEntry = Schemas['JournalView'];
export type Ping = Schemas['PingView'];
export type ItemProgress = Schemas['ItemProgress'];
export type StepCount = Schemas['StepCount'];
export type Progress = Schemas['RunProgressView'];
export type GraphNode = Schemas['CombinedNode'];
export type CombinedGraph = Schemas['CombinedGraphView'];
export type Kickoff = Schemas['NextKickoff'];
export type Audit = Schemas['AuditView'];

export type InstanceSummary = Schemas['InstanceSummary'];

// The state and status names, as the document enumerates them (one definition each, in the service).
export type RunStatus = Run['status'];
export type ItemState = Item['state'];
export type InstanceStatus = InstanceSummary['status'];

/**
 * Every name of an enumerated union, in the order given. The record must name each member exactly once, so the
 * compiler fails when the document gains or loses a name.
 */
export const namesOf = <T extends string>(all: Record<T, unknown>): T[] => Object.keys(all) as T[];
export type InstanceDetail = Schemas['InstanceDetail'];
export type InstancePlace = Schemas['InstancePlaceView'];
export type Bookmark = Schemas['BookmarkView'];

export type Definition = Schemas['DefinitionDto'];
export type Step = Schemas['StepDto'];
export type Transition = Schemas['TransitionDto'];
export type SettingValue = Schemas['SettingValueDto'];
export type SettingDescriptor = Schemas['SettingDto'];
export type Activity = Schemas['ActivityDto'];
export type VersionSummary = Schemas['VersionSummary'];
export type DefinitionDetail = Schemas['DefinitionDetail'];
export type VersionDetail = Schemas['VersionDetail'];
export type DefinitionDiff = Schemas['DefinitionDiff'];
export type FieldError = Schemas['FieldError'];
export type DefinitionSummary = Schemas['DefinitionSummary'];

export type TokenView = Schemas['TokenView'];
export type Clock = Schemas['ClockView'];
export type Setting = Schemas['SettingView'];
export type Verification = Schemas['ConnectionVerification'];
export type Source = Schemas['SourceView'];
export type AuditRecord = Schemas['AuditRecordView'];
export type AuditRecordPage = Schemas['AuditRecordPage'];
export type DayCount = Schemas['DayCount'];
