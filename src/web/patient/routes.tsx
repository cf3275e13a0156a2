/**
 * The patient's pages, under /my inside PatientShell. Add a page with one line here (its file in
 * this folder); /my/sign-in is outside the shell.
 */
import type { RouteObject } from 'react-router';
import { MyDiaryPage } from './DiaryPage';
import { MyLeafletPage } from './LeafletPage';
import { MyEpisodePage } from './MyEpisode';
import { MyHomePage } from './MyHome';
import { PatientNotFoundPage } from './PatientNotFound';
import { ReportSymptomPage } from './ReportSymptomPage';

export const patientPages: RouteObject[] = [
  { index: true, Component: MyHomePage },
  { path: 'episodes/:episodeId', Component: MyEpisodePage },
  { path: 'episodes/:episodeId/leaflet', Component: MyLeafletPage },
  { path: 'episodes/:episodeId/diary', Component: MyDiaryPage },
  { path: 'report', Component: ReportSymptomPage },
  { path: '*', Component: PatientNotFoundPage },
];
