import { CreateIdentity1795411800000 } from './1795411800000-CreateIdentity';
import { CreateNotifications1795416000000 } from './1795416000000-CreateNotifications';
import { CreateAuditAndFunds1795420000000 } from './1795420000000-CreateAuditAndFunds';
import { CreateRounds1795424000000 } from './1795424000000-CreateRounds';
import { AddAccountPostcode1795428000000 } from './1795428000000-AddAccountPostcode';
import { AddRoundRulesAndTransitions1795432000000 } from './1795432000000-AddRoundRulesAndTransitions';
import { CreateCoDesign1795436000000 } from './1795436000000-CreateCoDesign';
import { AddCoDesignModeration1795440000000 } from './1795440000000-AddCoDesignModeration';
import { AddPhaseReminders1795448000000 } from './1795448000000-AddPhaseReminders';
import { CreateApplications1795452000000 } from './1795452000000-CreateApplications';
import { AddTwoStageRounds1795456000000 } from './1795456000000-AddTwoStageRounds';
import { CreateDeliberation1795460000000 } from './1795460000000-CreateDeliberation';
import { CreateVoting1795464000000 } from './1795464000000-CreateVoting';
import { AddVoteTurnout1795468000000 } from './1795468000000-AddVoteTurnout';
import { CreateLedger1795472000000 } from './1795472000000-CreateLedger';
import { CreateExports1795476000000 } from './1795476000000-CreateExports';
import { ChainAuditLog1795480000000 } from './1795480000000-ChainAuditLog';
import { CreateGrantAgreements1795484000000 } from './1795484000000-CreateGrantAgreements';
import { CountVotesByClock1795488000000 } from './1795488000000-CountVotesByClock';
import { CloseFundBooks1795492000000 } from './1795492000000-CloseFundBooks';
import { AddVoterLists1795496000000 } from './1795496000000-AddVoterLists';
import { CreatePaperBatches1795500000000 } from './1795500000000-CreatePaperBatches';
import { AddVoteReminders1795504000000 } from './1795504000000-AddVoteReminders';
import { ZeroUnusablePanelWeights1795508000000 } from './1795508000000-ZeroUnusablePanelWeights';

/** Every migration, in order. A new migration is added here and never edited after it lands. */
export const migrations = [CreateIdentity1795411800000, CreateNotifications1795416000000, CreateAuditAndFunds1795420000000, CreateRounds1795424000000, AddAccountPostcode1795428000000, AddRoundRulesAndTransitions1795432000000, CreateCoDesign1795436000000, AddCoDesignModeration1795440000000, AddPhaseReminders1795448000000, CreateApplications1795452000000, AddTwoStageRounds1795456000000, CreateDeliberation1795460000000, CreateVoting1795464000000, AddVoteTurnout1795468000000, CreateLedger1795472000000, CreateExports1795476000000, ChainAuditLog1795480000000, CreateGrantAgreements1795484000000, CountVotesByClock1795488000000, CloseFundBooks1795492000000, AddVoterLists1795496000000, CreatePaperBatches1795500000000, AddVoteReminders1795504000000, ZeroUnusablePanelWeights1795508000000];
